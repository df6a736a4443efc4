// Original | projection | difference side by side with one shared zoom, pan and W/L, the SSIM overlay switch and the
// view readout: in the side panel the panes share its width; "Enlarge" shows the same three panes, with the same
// view, over the whole window (Escape or Close returns), large enough to compare detail pixel by pixel.
import { useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { renderDiverging } from '../../../src-shared/analysis/differenceMap.js';
import { greyRgba, modelWindow, ssimOverlayRgba } from './imageRender.js';
import { initialView, SyncedImage } from './SyncedImage.js';
import type { PaneView } from './SyncedImage.js';
import type { CopyImages } from './useCopyImages.js';

interface Props {
  images: CopyImages;
  /** Title of the left pane: "Original", or the perturbed input's name. */
  inputTitle: string;
  /** The left pane shows the unperturbed original (true) or the perturbed input of the selected copy. */
  showOriginal: boolean;
  view: PaneView;
  onView: (update: (view: PaneView) => PaneView) => void;
  ssimOverlay: boolean;
  onSsimOverlay: (on: boolean) => void;
  /** A region drawn on the left pane, as RGBA. */
  drawnOverlay: Uint8ClampedArray | null;
  onDraw?: (from: [number, number], to: [number, number]) => void;
  enlarged: boolean;
  onEnlarged: (on: boolean) => void;
  /** What is compared (image, copy, SSIM, model), the enlarged view's heading. */
  heading: string;
}

function Panes(props: Props): ReactNode {
  const { images, view, onView } = props;
  const w = view.window;
  const shown = props.showOriginal ? images.original : images.input;
  const left = useMemo(() => greyRgba(shown, w), [shown, w]);
  const projection = useMemo(() => greyRgba(images.projection, w), [images, w]);
  const ssim = useMemo(() => (props.ssimOverlay ? ssimOverlayRgba(images.ssimMap) : null), [images, props.ssimOverlay]);
  const difference = useMemo(() => renderDiverging(images.difference.signed, images.difference.scale), [images]);
  // What the three panes share: the model grid and one view.
  const shared = { width: images.width, height: images.height, view, onView };
  return (
    <div className="fidelity-panes">
      <SyncedImage {...shared} title={props.inputTitle} testId="pane-original" rgba={left} overlay={props.drawnOverlay} synthetic={false} windowed onDraw={props.onDraw} />
      <SyncedImage {...shared} title="Projection" testId="pane-projection" rgba={projection} overlay={ssim} synthetic windowed />
      <SyncedImage
        {...shared}
        title="Difference"
        testId="pane-difference"
        rgba={difference}
        synthetic
        windowed={false}
        caption={
          <span>
            projection − original: <span className="swatch swatch-blue" /> darker, <span className="swatch swatch-red" /> brighter, ±{images.difference.scale.toFixed(3)} on [0, 1]
          </span>
        }
      />
    </div>
  );
}

function Controls(props: Props): ReactNode {
  const { view } = props;
  return (
    <>
      <div className="fidelity-controls">
        <label>
          <input type="checkbox" checked={props.ssimOverlay} onChange={(e) => props.onSsimOverlay(e.target.checked)} /> SSIM map overlay (red = local SSIM below 1)
        </label>
        <span className="muted" data-testid="fidelity-window">
          W/L {view.window.width.toFixed(2)} / {view.window.center.toFixed(2)} on [−1, 1] · zoom {view.zoom.toFixed(2)}×
        </span>
        <button type="button" onClick={() => props.onView(() => initialView(modelWindow))}>
          Reset view
        </button>
        {props.enlarged ? (
          <button type="button" onClick={() => props.onEnlarged(false)} data-testid="fidelity-enlarge-close">
            Close (Esc)
          </button>
        ) : (
          <button type="button" onClick={() => props.onEnlarged(true)}>
            Enlarge
          </button>
        )}
      </div>
      <p className="muted">Wheel: zoom · drag: pan · right-drag or Shift-drag: W/L — the three panes move together.</p>
    </>
  );
}

export function ComparePanes(props: Props): ReactNode {
  const { enlarged, onEnlarged } = props;
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!enlarged) return undefined;
    dialog.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onEnlarged(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enlarged, onEnlarged]);

  if (!enlarged) {
    return (
      <div>
        <Panes {...props} />
        <Controls {...props} />
      </div>
    );
  }
  // In a portal on the body, so no scrolling or clipping ancestor of the side panel can confine it.
  return (
    <>
      <p className="muted">The comparison is shown enlarged over the window.</p>
      {createPortal(
        <div ref={dialog} tabIndex={-1} className="fidelity-enlarged" role="dialog" aria-modal="true" aria-label="Fidelity comparison, enlarged" data-testid="fidelity-enlarged">
          <h3 className="fidelity-enlarged-heading">{props.heading}</h3>
          <Panes {...props} />
          <Controls {...props} />
        </div>,
        document.body,
      )}
    </>
  );
}
