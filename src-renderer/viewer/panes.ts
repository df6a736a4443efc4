// The live pane controllers, and the rules that keep panes in step (synchronised scroll and W/L).
import { shouldSyncScroll, shouldSyncWindow, syncSliceIndex } from '../../src-shared/viewer/layout.js';
import type { SyncPane } from '../../src-shared/viewer/layout.js';
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

function syncInfo(c: PaneController): SyncPane {
  const d = c.display;
  return d.kind === 'volume' ? { kind: 'volume', sourceId: d.sourceId, orientation: d.orientation, count: c.sliceCount() } : { kind: 'stack', count: c.sliceCount() };
}

/** Called when a pane moved to another slice: other panes follow when sync is on. */
export function onSliceChanged(source: PaneController): void {
  // Panes still loading (their first image events) drive nothing: only the user's scrolling does.
  if (controllers.get(source.pane) !== source) return;
  if (syncing || !viewerStore.get().syncScroll) return;
  syncing = true;
  try {
    const index = source.sliceIndex();
    const count = source.sliceCount();
    for (const target of controllers.values()) {
      if (target === source || !target.ready) continue;
      if (!shouldSyncScroll(syncInfo(source), syncInfo(target))) continue;
      const positions = source.display.kind === 'stack' && target.display.kind === 'stack' && source.display.positions && target.display.positions
        ? { source: source.display.positions, target: target.display.positions }
        : undefined;
      void target.jumpTo(syncSliceIndex(index, count, target.sliceCount(), positions));
    }
  } finally {
    syncing = false;
  }
}

/** Called when a pane's window changed: panes of the same modality follow when sync is on. */
export function onWindowChanged(source: PaneController): void {
  if (controllers.get(source.pane) !== source) return;
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
