// The live pane controllers, and the rules that keep panes in step (synchronised scroll and W/L).
import { shouldSyncWindow, syncSliceIndex } from '../../src-shared/viewer/layout.js';
import type { PaneController } from './paneController.js';
import { viewerStore } from './store.js';

const controllers = new Map<number, PaneController>();
// While one pane drives the others, their own change events must not echo back.
let syncing = false;

export const paneRegistry = {
  set(pane: number, controller: PaneController): void {
    controllers.set(pane, controller);
  },
  delete(pane: number, controller: PaneController): void {
    if (controllers.get(pane) === controller) controllers.delete(pane);
  },
  get(pane: number): PaneController | undefined {
    return controllers.get(pane);
  },
  active(): PaneController | undefined {
    return controllers.get(viewerStore.get().active);
  },
  all(): PaneController[] {
    return [...controllers.values()];
  },
};

/** Called when a pane moved to another slice: other panes follow when sync is on. */
export function onSliceChanged(source: PaneController): void {
  if (syncing || !viewerStore.get().syncScroll) return;
  syncing = true;
  try {
    const index = source.sliceIndex();
    const count = source.sliceCount();
    for (const target of controllers.values()) {
      if (target === source || !target.ready) continue;
      // Orthogonal views of one volume show different planes: scrolling one must not move the others.
      if (source.display.kind === 'volume' && target.display.kind === 'volume' && source.display.sourceId === target.display.sourceId) continue;
      void target.jumpTo(syncSliceIndex(index, count, target.sliceCount()));
    }
  } finally {
    syncing = false;
  }
}

/** Called when a pane's window changed: panes of the same modality follow when sync is on. */
export function onWindowChanged(source: PaneController): void {
  if (syncing || !viewerStore.get().syncWindow) return;
  const window = source.getWindow();
  if (!window) return;
  syncing = true;
  try {
    for (const target of controllers.values()) {
      if (target === source || !target.ready) continue;
      if (!shouldSyncWindow(source.display.modality, target.display.modality)) continue;
      target.setWindow(window);
    }
  } finally {
    syncing = false;
  }
}
