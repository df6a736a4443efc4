// One pane of the original | projection | difference row: an image at the model's resolution drawn pixel-exact on a
// canvas as large as the pane is laid out (its backing store follows the displayed size × devicePixelRatio, so a
// wide panel or the enlarged comparison shows every model pixel as a sharp block), with the zoom, pan and W/L the
// three panes share (wheel = zoom, drag = pan, right-drag or Shift-drag = W/L, double-click = reset), an optional
// overlay, and the SYNTHETIC marker on every pane that shows generator output.
import { useEffect, useRef, useState } from 'react';
import type { PointerEvent, ReactNode, RefObject } from 'react';
import { syntheticMarkerText } from '../../../src-shared/viewer/synthetic.js';
import type { WindowLevel } from '../../../src-shared/viewer/windowing.js';
import { dragWindow } from './imageRender.js';

export interface PaneView {
  zoom: number;
  /** Pan of the image centre from the pane centre, in image pixels (so panes of any size stay aligned). */
  panX: number;
  panY: number;
  window: WindowLevel;
}

export const initialView = (window: WindowLevel): PaneView => ({ zoom: 1, panX: 0, panY: 0, window });

/** A W/L drag over this many screen pixels sweeps the whole model range, whatever the pane's size. */
const windowDragPixels = 200;

interface Props {
  title: string;
  testId: string;
  width: number;
  height: number;
  /** RGBA of the image (already windowed for grey panes). */
  rgba: Uint8ClampedArray;
  overlay?: Uint8ClampedArray | null;
  synthetic: boolean;
  view: PaneView;
  /** Updates the shared view from its latest value (events can arrive before React re-renders). */
  onView: (update: (view: PaneView) => PaneView) => void;
  /** W/L drags change the shared window; false for the difference pane (its scale is fixed and stated). */
  windowed: boolean;
  /** Drawing mode: a drag reports its start and current point in image pixels instead of panning. */
  onDraw?: (from: [number, number], to: [number, number]) => void;
  caption?: ReactNode;
}

function toImageCanvas(rgba: Uint8ClampedArray, width: number, height: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  return c;
}

/** The canvas's displayed width in CSS pixels (inside its border), followed as the layout changes. */
function useDisplayedWidth(canvas: RefObject<HTMLCanvasElement | null>): number {
  const [cssWidth, setCssWidth] = useState(0);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return undefined;
    const measure = (): void => setCssWidth(el.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [canvas]);
  return cssWidth;
}

export function SyncedImage({ title, testId, width, height, rgba, overlay, synthetic, view, onView, windowed, onDraw, caption }: Props): ReactNode {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; view: PaneView; mode: 'pan' | 'window' | 'draw'; start: [number, number] } | null>(null);
  const cssWidth = useDisplayedWidth(canvas);
  // Backing-store pixels: the displayed size at the screen's density (at least the model's own size).
  const backing = Math.max(width, Math.round(cssWidth * (window.devicePixelRatio || 1)));
  /** Screen (CSS) pixels per image pixel. */
  const cssScale = ((cssWidth || backing) / Math.max(width, height)) * view.zoom;

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    if (el.width !== backing) el.width = backing;
    if (el.height !== backing) el.height = backing;
    const scale = (backing / Math.max(width, height)) * view.zoom;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, backing, backing);
    ctx.imageSmoothingEnabled = false;
    const x = backing / 2 + (view.panX - width / 2) * scale;
    const y = backing / 2 + (view.panY - height / 2) * scale;
    ctx.drawImage(toImageCanvas(rgba, width, height), x, y, width * scale, height * scale);
    if (overlay) ctx.drawImage(toImageCanvas(overlay, width, height), x, y, width * scale, height * scale);
  }, [rgba, overlay, width, height, backing, view.zoom, view.panX, view.panY]);

  /** The pointer in image pixels (x = column, y = row, pixel centres at k + 0.5). */
  const imagePoint = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const el = e.currentTarget;
    const box = el.getBoundingClientRect();
    const cx = e.clientX - box.left - el.clientLeft - el.clientWidth / 2;
    const cy = e.clientY - box.top - el.clientTop - el.clientHeight / 2;
    return [cx / cssScale - view.panX + width / 2, cy / cssScale - view.panY + height / 2];
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>): void => {
    e.currentTarget.setPointerCapture(e.pointerId);
    const mode = onDraw ? 'draw' : windowed && (e.button === 2 || e.shiftKey) ? 'window' : 'pan';
    drag.current = { x: e.clientX, y: e.clientY, view, mode, start: imagePoint(e) };
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>): void => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (d.mode === 'draw') onDraw?.(d.start, imagePoint(e));
    else if (d.mode === 'window') onView((v) => ({ ...v, window: dragWindow(d.view.window, dx, dy, 2, windowDragPixels) }));
    else onView((v) => ({ ...v, panX: d.view.panX + dx / cssScale, panY: d.view.panY + dy / cssScale }));
  };
  // Wheel = zoom, and only zoom: React's onWheel is passive, so the page would also scroll under the pointer (moving
  // the panes away from it mid-gesture). A native non-passive listener can prevent that.
  const onViewRef = useRef(onView);
  onViewRef.current = onView;
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      const factor = e.deltaY < 0 ? 1.25 : 0.8;
      onViewRef.current((v) => ({ ...v, zoom: Math.min(16, Math.max(0.5, v.zoom * factor)) }));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  return (
    <figure className="fidelity-pane" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="tile-canvas">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${title}${synthetic ? ` (${syntheticMarkerText})` : ''}`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={() => (drag.current = null)}
          onContextMenu={(e) => e.preventDefault()}
          onDoubleClick={() => onView((v) => ({ ...v, zoom: 1, panX: 0, panY: 0 }))}
        />
        {synthetic && (
          <div className="synthetic-tag" role="note">
            SYNTHETIC
          </div>
        )}
      </div>
      {caption && <div className="fidelity-caption">{caption}</div>}
    </figure>
  );
}
