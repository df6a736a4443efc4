// Where an opened display set goes, so a layout always shows one consistent thing: the three planes of an MPR
// belong together, so opening anything else over one of them replaces the whole MPR layout instead of leaving stale
// planes beside it. Otherwise the display goes into the active pane (side-by-side comparison stays possible).
import type { LayoutId } from '../../src-shared/viewer/layout.js';

interface Placed {
  kind: 'stack' | 'volume';
  key: string;
  /** For volume views: the source whose planes form an MPR. */
  sourceId?: string;
}

export interface Placement<D> {
  layout: LayoutId;
  panes: (D | null)[];
  active: number;
}

export function placeDisplay<D extends Placed>(current: Placement<D>, display: D): Placement<D> {
  const mprSources = new Set(current.panes.filter((p): p is D => p !== null && p.kind === 'volume').map((p) => p.sourceId));
  const joinsTheMpr = display.kind === 'volume' && mprSources.size === 1 && mprSources.has(display.sourceId);
  if (mprSources.size > 0 && !joinsTheMpr) return { layout: '1x1', panes: [display], active: 0 };
  const panes = [...current.panes];
  panes[current.active] = display;
  return { ...current, panes };
}
