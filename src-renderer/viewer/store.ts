// What the viewer shows: the layout, the display set in each pane, the active pane and tool. A tiny external
// store so the study browser (which opens things) and the viewer area (which shows them) share it.
import { useSyncExternalStore } from 'react';
import type { LayoutId } from '../../src-shared/viewer/layout.js';
import { defaultCineFps, paneCount } from '../../src-shared/viewer/layout.js';
import type { ProvenanceValue } from '../../src-shared/viewer/synthetic.js';
import type { WindowLevel } from '../../src-shared/viewer/windowing.js';
import { placeDisplay } from './placement.js';

export type Orientation = 'axial' | 'sagittal' | 'coronal';

interface DisplayBase {
  /** Unique per content, so React re-creates a pane when its content changes. */
  key: string;
  title: string;
  /** Patient / study line for the overlay. */
  patient: string;
  study: string;
  modality: string | null;
  provenance: ProvenanceValue;
  /** For a display of one file (a NIfTI volume), the file as the browser names it; the title stays generic. */
  fileName?: string;
}

export interface StackDisplay extends DisplayBase {
  kind: 'stack';
  imageIds: string[];
  /** Per image, the overlay line in place of the patient (2D image sets: file name and labels). */
  captions?: string[];
  /** Positions along the slice normal (mm) for position-based scroll sync, when known. */
  positions?: number[];
  /** The W/L to start with instead of each image's own: panes compared side by side (an edit series and its original) start equal. */
  window?: WindowLevel;
}

export interface VolumeDisplay extends DisplayBase {
  kind: 'volume';
  /** `volume:<n>` (NIfTI) or `series:<n>` (DICOM series forming a volume). */
  sourceId: string;
  orientation: Orientation;
}

export type DisplaySet = StackDisplay | VolumeDisplay;

export interface ViewerState {
  layout: LayoutId;
  panes: (DisplaySet | null)[];
  active: number;
  syncScroll: boolean;
  syncWindow: boolean;
  helpOpen: boolean;
  /** Cine speed for every pane (frames/s). */
  cineFps: number;
}

let state: ViewerState = { layout: '1x1', panes: [null], active: 0, syncScroll: true, syncWindow: true, helpOpen: false, cineFps: defaultCineFps };
const listeners = new Set<() => void>();

function set(next: Partial<ViewerState>): void {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

export const viewerStore = {
  get: (): ViewerState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  setLayout(layout: LayoutId): void {
    const n = paneCount(layout);
    const panes = Array.from({ length: n }, (_, i) => state.panes[i] ?? null);
    set({ layout, panes, active: Math.min(state.active, n - 1) });
  },
  /** Shows one display set in the active pane (replacing an MPR layout as a whole, see placement.ts). */
  open(display: DisplaySet): void {
    set(placeDisplay(state, display));
  },
  /** Shows several display sets (e.g. axial/sagittal/coronal) from pane 0 on, choosing a layout that fits. */
  openAll(displays: DisplaySet[]): void {
    const layout: LayoutId = displays.length <= 1 ? '1x1' : displays.length === 2 ? '1x2' : '2x2';
    const n = paneCount(layout);
    set({ layout, panes: Array.from({ length: n }, (_, i) => displays[i] ?? null), active: 0 });
  },
  setActive(active: number): void {
    if (active !== state.active && active >= 0 && active < state.panes.length) set({ active });
  },
  toggle(key: 'syncScroll' | 'syncWindow' | 'helpOpen'): void {
    set({ [key]: !state[key] });
  },
  setCineFps(cineFps: number): void {
    if (cineFps !== state.cineFps) set({ cineFps });
  },
  closeHelp(): void {
    if (state.helpOpen) set({ helpOpen: false });
  },
};

export function useViewerState(): ViewerState {
  return useSyncExternalStore(viewerStore.subscribe, viewerStore.get);
}
