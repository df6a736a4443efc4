// One viewer pane: the Cornerstone element, its overlays (patient/study, series, slice k/n, W/L, orientation
// letters, scale bar), the synthetic marker, and a slice slider. Errors show in the pane, naming the source.
import { Enums, eventTarget } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useClient } from '../api/client.js';
import { syntheticMarkerText } from '../../src-shared/viewer/synthetic.js';
import { formatWindow } from '../../src-shared/viewer/windowing.js';
import { scaleBar } from '../../src-shared/viewer/measure.js';
import { ColourBar } from './ColourBar.js';
import { ColourOverlay, useOverlay } from './colourOverlay.js';
import { initCornerstone } from './cornerstone.js';
import { PaneController, engine } from './paneController.js';
import type { PaneStatus } from './paneController.js';
import { onSliceChanged, onWindowChanged, paneRegistry } from './panes.js';
import type { DisplaySet } from './store.js';
import { viewerStore } from './store.js';

export function Pane({ pane, display, active }: { pane: number; display: DisplaySet; active: boolean }): ReactNode {
  const client = useClient();
  const element = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<PaneStatus | null>(null);
  const [message, setMessage] = useState<string | null>('Loading…');
  const [error, setError] = useState<string | null>(null);
  const [rendered, setRendered] = useState(false);
  const [frameError, setFrameError] = useState<string | null>(null);
  const overlayCanvas = useRef<HTMLCanvasElement>(null);
  const colourOverlay = useRef<ColourOverlay | null>(null);
  const layer = useOverlay(display.key);

  useEffect(() => {
    if (!element.current || !overlayCanvas.current) return undefined;
    const overlay = new ColourOverlay(element.current, overlayCanvas.current);
    colourOverlay.current = overlay;
    return () => {
      overlay.dispose();
      colourOverlay.current = null;
    };
  }, [display]);

  useEffect(() => {
    colourOverlay.current?.set(layer);
  }, [layer, display]);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const controller = new PaneController(pane, display, el);
    let frame = 0;
    const refresh = (): void => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setStatus(controller.status());
      });
    };
    // Renders before the load finished show an empty viewport: only later ones count as "image rendered".
    let loaded = false;
    const onRendered = (): void => {
      if (loaded) setRendered(true);
      refresh();
    };
    const onNewSlice = (): void => {
      setFrameError(null);
      refresh();
      onSliceChanged(controller);
    };
    const onVoi = (): void => {
      refresh();
      onWindowChanged(controller);
    };
    el.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
    el.addEventListener(Enums.Events.CAMERA_MODIFIED, refresh);
    el.addEventListener(Enums.Events.STACK_NEW_IMAGE, onNewSlice);
    el.addEventListener(Enums.Events.VOLUME_NEW_IMAGE, onNewSlice);
    el.addEventListener(Enums.Events.VOI_MODIFIED, onVoi);
    // A frame that fails later (scrolling onto a file that does not decode) keeps the last good image on screen
    // and says which image failed and why; the first image failing is reported by load() below.
    const ids = display.kind === 'stack' ? display.imageIds : [];
    const onLoadError = (event: Event): void => {
      const detail = (event as CustomEvent<{ imageId?: string; error?: unknown }>).detail;
      const index = detail?.imageId ? ids.indexOf(detail.imageId) : -1;
      if (index < 0 && !(detail?.imageId?.includes(display.kind === 'volume' ? display.sourceId : '\0'))) return;
      const reason = detail.error instanceof Error ? detail.error.message : String(detail.error ?? 'unknown error');
      setFrameError(`Image ${index >= 0 ? index + 1 : '?'} cannot be shown: ${reason}`);
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, onLoadError);
    // Layout changes and window resizes change the pane's size; Cornerstone must re-fit its canvases.
    const resizeObserver = new ResizeObserver(() => {
      // Re-fit (not keep) the camera: after a layout change the image should fill its new pane.
      if (loaded) engine().resize(true, false);
    });
    resizeObserver.observe(el);
    let cancelled = false;
    setError(null);
    setMessage('Loading…');
    initCornerstone(client)
      .then(() => controller.load(client, (text) => !cancelled && setMessage(text)))
      .then(() => {
        if (cancelled) return;
        loaded = true;
        paneRegistry.set(pane, controller);
        setMessage(null);
        // A size change while loading (a colour layer's margin arriving with the image) was not applied: re-fit now.
        const canvas = el.querySelector('canvas');
        if (canvas && Math.abs(canvas.width - el.clientWidth * devicePixelRatio) > 1) engine().resize(true, false);
        // Enabling a pane re-lays out the shared engine and can blank panes rendered before it (seen in
        // SwiftShader: an axial view stayed black once the sagittal and coronal panes came up), so redraw all.
        engine().render();
        refresh();
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setMessage(null);
        setError(`${display.title}: ${e instanceof Error ? e.message : String(e)}`);
      });
    return () => {
      cancelled = true;
      resizeObserver.disconnect();
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_ERROR, onLoadError);
      if (frame) cancelAnimationFrame(frame);
      el.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      el.removeEventListener(Enums.Events.CAMERA_MODIFIED, refresh);
      el.removeEventListener(Enums.Events.STACK_NEW_IMAGE, onNewSlice);
      el.removeEventListener(Enums.Events.VOLUME_NEW_IMAGE, onNewSlice);
      el.removeEventListener(Enums.Events.VOI_MODIFIED, onVoi);
      paneRegistry.delete(pane, controller);
      controller.dispose();
    };
  }, [client, pane, display]);

  const bar = status?.mmPerPixel ? scaleBar(status.mmPerPixel) : null;
  const synthetic = display.provenance === 'synthetic' || status?.synthetic === true;
  const orientationTitle = display.kind === 'volume' ? display.orientation[0].toUpperCase() + display.orientation.slice(1) : null;

  return (
    <div
      className={`pane${active ? ' active' : ''}${layer ? ' with-colour-bar' : ''}`}
      data-testid={`pane-${pane}`}
      data-kind={display.kind}
      data-orientation={display.kind === 'volume' ? display.orientation : undefined}
      data-slice={status ? `${status.index + 1}/${status.count}` : undefined}
      data-mm-per-pixel={status?.mmPerPixel ?? undefined}
      data-rendered={rendered && status !== null ? 'true' : undefined}
      onMouseDown={() => viewerStore.setActive(pane)}
    >
      <div
        ref={element}
        className="pane-canvas"
        data-testid={`viewport-${pane}`}
        onContextMenu={(e) => e.preventDefault()}
        role="img"
        aria-label={`${display.title}${orientationTitle ? ` (${orientationTitle})` : ''}`}
      />
      <canvas ref={overlayCanvas} className="colour-overlay" data-testid={`colour-overlay-${pane}`} aria-hidden="true" />
      {layer && <ColourBar layer={layer} testId={`colour-bar-${pane}`} />}
      <div className="overlay overlay-tl" data-testid={`overlay-patient-${pane}`}>
        <div data-testid={`overlay-caption-${pane}`}>{(display.kind === 'stack' && status && display.captions?.[status.index]) || display.patient}</div>
        <div>{display.study}</div>
      </div>
      <div className="overlay overlay-tr">
        <div>{display.title}</div>
        {orientationTitle && <div>{orientationTitle}</div>}
        {display.modality && <div>{display.modality}</div>}
      </div>
      <div className="overlay overlay-bl">
        {status && status.count > 0 && <div data-testid={`overlay-slice-${pane}`}>Im {status.index + 1}/{status.count}</div>}
        {status?.zoom !== undefined && <div>Zoom {(status.zoom * 100).toFixed(0)}%</div>}
      </div>
      <div className="overlay overlay-br">
        {status?.voiLut && <div data-testid={`overlay-voi-lut-${pane}`}>VOI LUT {status.voiLut}</div>}
        {status?.window && <div data-testid={`overlay-wl-${pane}`}>{formatWindow(status.window)}{status.invert ? ' (inverted)' : ''}</div>}
        {bar && (
          <div className="scale-bar" data-testid={`scale-bar-${pane}`}>
            <div className="scale-bar-line" style={{ width: `${bar.pixels}px` }} />
            <span>{bar.label}</span>
          </div>
        )}
      </div>
      {status?.labels && (
        <>
          <div className="orient orient-top" data-testid={`orient-top-${pane}`}>{status.labels.top}</div>
          <div className="orient orient-bottom" data-testid={`orient-bottom-${pane}`}>{status.labels.bottom}</div>
          <div className="orient orient-left" data-testid={`orient-left-${pane}`}>{status.labels.left}</div>
          <div className="orient orient-right" data-testid={`orient-right-${pane}`}>{status.labels.right}</div>
        </>
      )}
      {synthetic && (
        <div className="synthetic-marker" data-testid={`synthetic-marker-${pane}`} role="note">
          {syntheticMarkerText}
        </div>
      )}
      {status && status.count > 1 && (
        <input
          className="slice-slider"
          type="range"
          aria-label="Slice"
          data-testid={`slice-slider-${pane}`}
          min={1}
          max={status.count}
          value={status.index + 1}
          onChange={(e) => void paneRegistry.get(pane)?.jumpTo(Number(e.target.value) - 1)}
        />
      )}
      {message && <div className="pane-message">{message}</div>}
      {frameError && (
        <div className="pane-frame-error" role="alert" data-testid={`pane-frame-error-${pane}`}>
          {frameError}
        </div>
      )}
      {error && (
        <div className="pane-error" role="alert" data-testid={`pane-error-${pane}`}>
          {error}
        </div>
      )}
    </div>
  );
}
