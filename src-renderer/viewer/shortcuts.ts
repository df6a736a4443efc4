// Keyboard shortcuts of the viewer, one table used both by the key handler and by the in-app help.
import { cineFrameRates, stepCineFps } from '../../src-shared/viewer/layout.js';
import { ctPresets } from '../../src-shared/viewer/windowing.js';
import { clearMeasurements } from './measurements.js';
import { paneRegistry } from './panes.js';
import { viewerStore } from './store.js';
import { leftButtonTools, setLeftTool } from './tools.js';
import type { LeftToolName } from './tools.js';

export interface Shortcut {
  keys: string;
  action: string;
}

export const mouseBindings: Shortcut[] = [
  { keys: 'Left drag', action: 'Active tool (W/L by default)' },
  { keys: 'Middle drag', action: 'Pan' },
  { keys: 'Right drag', action: 'Zoom' },
  { keys: 'Wheel', action: 'Previous / next slice' },
];

export const shortcuts: Shortcut[] = [
  { keys: '↑ / ↓', action: 'Previous / next slice' },
  { keys: 'Page Up / Page Down', action: 'Back / forward 10 slices' },
  { keys: 'Home / End', action: 'First / last slice' },
  ...ctPresets.map((p) => ({ keys: p.key, action: `W/L preset ${p.label} (W ${p.width} L ${p.center})` })),
  { keys: '0', action: 'W/L from the file (or automatic from the histogram)' },
  { keys: 'F', action: 'Next W/L stated by the file (when it lists several)' },
  ...leftButtonTools.map((t) => ({ keys: t.key.toUpperCase(), action: `Left button: ${t.title}` })),
  { keys: 'I', action: 'Invert' },
  { keys: 'R', action: 'Reset (zoom, pan, W/L, invert)' },
  { keys: '+ / −', action: 'Zoom in / out' },
  { keys: 'C', action: 'Cine: play / stop' },
  { keys: ', / .', action: `Cine slower / faster (${cineFrameRates[0]}–${cineFrameRates[cineFrameRates.length - 1]} frames/s)` },
  { keys: '] / [', action: 'Next / previous pane' },
  { keys: 'Delete', action: 'Remove all measurements' },
  { keys: '? or F1', action: 'This help' },
  { keys: 'Esc', action: 'Close help' },
];

/** Handles a key press in the viewer; returns true when it was a viewer shortcut (the caller prevents default). */
export function handleViewerKey(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target as HTMLElement | null;
  // Form controls keep their own keys (arrows in a select change its value), except the slice slider.
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable) && (target as HTMLInputElement).type !== 'range') return false;
  const pane = paneRegistry.active();
  const key = event.key;
  const preset = ctPresets.find((p) => p.key === key);
  if (preset) {
    pane?.setWindow(preset);
    return true;
  }
  const tool = leftButtonTools.find((t) => t.key === key.toLowerCase());
  if (tool) {
    setLeftTool(tool.name as LeftToolName);
    window.dispatchEvent(new CustomEvent('latentrad:tool', { detail: tool.name }));
    return true;
  }
  switch (key) {
    case 'ArrowUp':
      pane?.scroll(-1);
      return true;
    case 'ArrowDown':
      pane?.scroll(1);
      return true;
    case 'PageUp':
      pane?.scroll(-10);
      return true;
    case 'PageDown':
      pane?.scroll(10);
      return true;
    case 'Home':
      void pane?.jumpTo(0);
      return true;
    case 'End':
      void pane?.jumpTo(Number.MAX_SAFE_INTEGER);
      return true;
    case '0':
      pane?.resetWindow();
      return true;
    case 'f':
    case 'F':
      pane?.cycleFileWindow();
      return true;
    case 'i':
    case 'I':
      pane?.invert();
      return true;
    case 'r':
    case 'R':
      pane?.reset();
      return true;
    case '+':
    case '=':
      pane?.zoomBy(1.25);
      return true;
    case '-':
      pane?.zoomBy(0.8);
      return true;
    case 'c':
    case 'C':
      pane?.toggleCine();
      window.dispatchEvent(new CustomEvent('latentrad:cine'));
      return true;
    case ',':
    case '.':
      viewerStore.setCineFps(stepCineFps(viewerStore.get().cineFps, key === '.' ? 1 : -1));
      return true;
    // Not Tab: that must keep moving keyboard focus out of the viewer.
    case ']':
    case '[': {
      const { active, panes } = viewerStore.get();
      viewerStore.setActive((active + (key === '[' ? panes.length - 1 : 1)) % panes.length);
      return true;
    }
    case 'Delete':
      clearMeasurements();
      return true;
    case '?':
    case 'F1':
      viewerStore.toggle('helpOpen');
      return true;
    case 'Escape':
      viewerStore.closeHelp();
      return true;
    default:
      return false;
  }
}
