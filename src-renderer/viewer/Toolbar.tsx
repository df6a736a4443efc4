// The viewer toolbar: left-button tool, W/L presets, invert, reset, cine, layout and sync toggles, help.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { cineFrameRates, layoutIds } from '../../src-shared/viewer/layout.js';
import { ctPresets } from '../../src-shared/viewer/windowing.js';
import { paneRegistry } from './panes.js';
import { useViewerState, viewerStore } from './store.js';
import { leftButtonTools, setLeftTool } from './tools.js';
import type { LeftToolName } from './tools.js';

export function Toolbar({ ready }: { ready: boolean }): ReactNode {
  const state = useViewerState();
  const [tool, setTool] = useState<string>(leftButtonTools[0].name);
  const [cine, setCine] = useState(false);

  useEffect(() => {
    const onTool = (e: Event): void => setTool(String((e as CustomEvent<string>).detail));
    const onCine = (): void => setCine(paneRegistry.active()?.cinePlaying ?? false);
    window.addEventListener('latentrad:tool', onTool);
    window.addEventListener('latentrad:cine', onCine);
    return () => {
      window.removeEventListener('latentrad:tool', onTool);
      window.removeEventListener('latentrad:cine', onCine);
    };
  }, []);

  const choose = (name: LeftToolName): void => {
    if (!ready) return;
    setLeftTool(name);
    setTool(name);
  };

  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      <div className="tool-group" role="group" aria-label="Left mouse button">
        {leftButtonTools.map((t) => (
          <button key={t.name} type="button" aria-pressed={tool === t.name} title={`${t.title} (${t.key.toUpperCase()})`} disabled={!ready} onClick={() => choose(t.name)}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="tool-group" role="group" aria-label="Window presets">
        {ctPresets.map((p) => (
          <button key={p.id} type="button" title={`W ${p.width} L ${p.center} (${p.key})`} disabled={!ready} onClick={() => paneRegistry.active()?.setWindow(p)}>
            {p.label}
          </button>
        ))}
        <button type="button" title="Window from the file or automatic (0)" disabled={!ready} onClick={() => paneRegistry.active()?.resetWindow()}>
          Auto
        </button>
      </div>
      <div className="tool-group" role="group" aria-label="View">
        <button type="button" title="Invert (I)" disabled={!ready} onClick={() => paneRegistry.active()?.invert()}>
          Invert
        </button>
        <button type="button" title="Reset zoom, pan, W/L (R)" disabled={!ready} onClick={() => paneRegistry.active()?.reset()}>
          Reset
        </button>
        <button
          type="button"
          aria-pressed={cine}
          title="Cine play/stop (C)"
          disabled={!ready}
          onClick={() => setCine(paneRegistry.active()?.toggleCine() ?? false)}
        >
          Cine
        </button>
        <select
          aria-label="Cine frame rate"
          title="Cine frame rate (, slower / . faster)"
          value={state.cineFps}
          onChange={(e) => viewerStore.setCineFps(Number(e.target.value))}
        >
          {cineFrameRates.map((fps) => (
            <option key={fps} value={fps}>
              {fps} fps
            </option>
          ))}
        </select>
      </div>
      <div className="tool-group" role="group" aria-label="Layout">
        {layoutIds.map((id) => (
          <button key={id} type="button" aria-pressed={state.layout === id} title={`Layout ${id.replace('x', '×')}`} onClick={() => viewerStore.setLayout(id)}>
            {id.replace('x', '×')}
          </button>
        ))}
        <button type="button" aria-pressed={state.syncScroll} title="Synchronise scrolling between panes" onClick={() => viewerStore.toggle('syncScroll')}>
          Sync scroll
        </button>
        <button type="button" aria-pressed={state.syncWindow} title="Synchronise W/L between panes of the same modality" onClick={() => viewerStore.toggle('syncWindow')}>
          Sync W/L
        </button>
      </div>
      <button type="button" className="help-button" aria-pressed={state.helpOpen} title="Keyboard and mouse help (?)" onClick={() => viewerStore.toggle('helpOpen')}>
        ?
      </button>
    </div>
  );
}
