// One viewer pane's Cornerstone viewport: loads its display set (stack or orthographic volume), exposes the
// actions the toolbar and shortcuts call (scroll, presets, invert, reset, cine) and reports what overlays show.
import { Enums, RenderingEngine, StackViewport, VolumeViewport, getRenderingEngine, utilities } from '@cornerstonejs/core';
import type { Types } from '@cornerstonejs/core';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import { toImageId } from '../../src-shared/viewer/imageIds.js';
import { cineDelayMs, cineNext, stepSlice } from '../../src-shared/viewer/layout.js';
import { labelsFromCamera } from '../../src-shared/viewer/orientation.js';
import type { EdgeLabels } from '../../src-shared/viewer/orientation.js';
import { rangeToWindow, windowToRange } from '../../src-shared/viewer/windowing.js';
import type { WindowLevel } from '../../src-shared/viewer/windowing.js';
import { getFrameInfo, renderingMode } from './cornerstone.js';
import { viewerStore } from './store.js';
import type { DisplaySet } from './store.js';
import { toolGroup } from './tools.js';
import { ensureVolume } from './volumes.js';
import type { LoadedVolume } from './volumes.js';

export const renderingEngineId = 'latentrad-engine';

/**
 * The page's one rendering engine, kept for the page's lifetime. Destroying it when the last pane closed (as we
 * did) released nothing: vtk.js never loses its WebGL contexts, so each new engine added a pool of contexts
 * until Chromium warned "Too many active WebGL contexts" and dropped the oldest (seen when switching layouts).
 */
export function engine(): RenderingEngine {
  return (getRenderingEngine(renderingEngineId) as RenderingEngine | undefined) ?? new RenderingEngine(renderingEngineId);
}

/** What the overlays need after each render. */
export interface PaneStatus {
  index: number;
  count: number;
  window: WindowLevel | null;
  labels: EdgeLabels | null;
  /** Millimetres per screen pixel (for the scale bar); null when the image has no physical spacing. */
  mmPerPixel: number | null;
  zoom: number;
  synthetic: boolean;
  invert: boolean;
  imageId: string | undefined;
  /** The VOI LUT the image is shown through (its explanation); W/L then apply to the table's output. */
  voiLut: string | null;
}

const orientationAxis = { axial: Enums.OrientationAxis.AXIAL, sagittal: Enums.OrientationAxis.SAGITTAL, coronal: Enums.OrientationAxis.CORONAL };

export class PaneController {
  readonly viewportId: string;
  private viewport: StackViewport | VolumeViewport | null = null;
  private defaultWindow: WindowLevel | null = null;
  private volumeId: string | null = null;
  private volume: LoadedVolume | null = null;
  /** The pending next cine frame while cine plays (a self-rescheduling timeout, see cineDelayMs). */
  private cineTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    readonly pane: number,
    readonly display: DisplaySet,
    private readonly element: HTMLDivElement,
  ) {
    this.viewportId = `pane-${pane}-${display.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  /** Creates the viewport and shows the first image; rejects with a message naming the source on failure. */
  async load(client: LatentRadClient, onProgress: (text: string) => void): Promise<void> {
    const display = this.display;
    if (display.kind === 'stack') {
      // Start in the middle of a series, where the anatomy usually is; 2D image sets start at the first.
      const start = display.imageIds.length > 2 && display.modality !== 'OT' ? Math.floor(display.imageIds.length / 2) : 0;
      await this.loadStack(display.imageIds, start, display.window);
    } else if (renderingMode() === 'cpu') {
      // No WebGL: Cornerstone's CPU renderer draws stacks only, so each plane becomes a stack of the pixel
      // service's slices along that axis (same geometry and orientation letters, no 3D texture needed).
      const info = await client.call('pixels.volumeInfo', { id: display.sourceId });
      const axis = ({ axial: 'z', coronal: 'y', sagittal: 'x' } as const)[display.orientation];
      const count = info.dims[{ x: 0, y: 1, z: 2 }[axis]];
      const ids = Array.from({ length: count }, (_, index) => toImageId({ kind: 'slice', volumeId: display.sourceId, axis, index }));
      await this.loadStack(ids, Math.floor(count / 2));
    } else {
      onProgress('Loading volume…');
      const loaded = await ensureVolume(client, display.sourceId, (done, total) => onProgress(`Loading volume: ${done}/${total} slices`));
      if (this.disposed) return;
      const re = engine();
      re.enableElement({
        viewportId: this.viewportId,
        type: Enums.ViewportType.ORTHOGRAPHIC,
        element: this.element,
        defaultOptions: { orientation: orientationAxis[display.orientation], background: [0, 0, 0] },
      });
      const viewport = re.getViewport(this.viewportId) as VolumeViewport;
      this.viewport = viewport;
      this.volumeId = loaded.volumeId;
      this.volume = loaded;
      await viewport.setVolumes([{ volumeId: loaded.volumeId }]);
      this.defaultWindow = loaded.window;
      viewport.setProperties({ voiRange: windowToRange(loaded.window) }, loaded.volumeId);
      toolGroup().addViewport(this.viewportId, renderingEngineId);
      viewport.render();
    }
  }

  private async loadStack(imageIds: string[], start: number, window?: WindowLevel): Promise<void> {
    // A pane closed while its volume info was on the way must not enable a viewport nobody will disable.
    if (this.disposed) return;
    const re = engine();
    re.enableElement({ viewportId: this.viewportId, type: Enums.ViewportType.STACK, element: this.element, defaultOptions: { background: [0, 0, 0] } });
    toolGroup().addViewport(this.viewportId, renderingEngineId);
    const viewport = re.getViewport(this.viewportId) as StackViewport;
    this.viewport = viewport;
    await viewport.setStack(imageIds, start);
    const info = getFrameInfo(imageIds[start]);
    if (info) this.defaultWindow = { center: info.window.center, width: info.window.width };
    if (window) this.defaultWindow = window;
    if (this.defaultWindow) viewport.setProperties({ voiRange: windowToRange(this.defaultWindow) });
    viewport.render();
  }

  get ready(): boolean {
    return this.viewport !== null;
  }

  get cornerstoneViewport(): StackViewport | VolumeViewport | null {
    return this.viewport;
  }

  sliceCount(): number {
    return this.viewport?.getNumberOfSlices() ?? 0;
  }

  sliceIndex(): number {
    return this.viewport?.getSliceIndex() ?? 0;
  }

  async jumpTo(index: number): Promise<void> {
    if (!this.viewport) return;
    const target = stepSlice(index, 0, this.sliceCount());
    if (target === this.sliceIndex()) return;
    try {
      if (this.viewport instanceof StackViewport) await this.viewport.setImageIdIndex(target);
      else await utilities.jumpToSlice(this.element, { imageIndex: target });
    } catch {
      // A frame that cannot be loaded is reported through IMAGE_LOAD_ERROR (shown in the pane); the view stays.
    }
  }

  scroll(delta: number): void {
    if (this.viewport) void this.jumpTo(stepSlice(this.sliceIndex(), delta, this.sliceCount()));
  }

  getWindow(): WindowLevel | null {
    const props = this.viewport instanceof VolumeViewport ? this.viewport.getProperties(this.volumeId ?? undefined) : this.viewport?.getProperties();
    const range = props?.voiRange;
    return range ? rangeToWindow(range.lower, range.upper) : this.defaultWindow;
  }

  setWindow(w: WindowLevel, suppressEvents = false): void {
    if (!this.viewport) return;
    if (this.viewport instanceof VolumeViewport) this.viewport.setProperties({ voiRange: windowToRange(w) }, this.volumeId ?? undefined, suppressEvents);
    else this.viewport.setProperties({ voiRange: windowToRange(w) }, suppressEvents);
    this.viewport.render();
  }

  private fileWindowIndex = 0;

  /**
   * Steps through the windows the file states (DICOM may list several, e.g. brain and subdural) after the
   * default one; returns the label shown, or null when the image has no other windows.
   */
  cycleFileWindow(): string | null {
    const imageId = this.viewport instanceof StackViewport ? this.viewport.getCurrentImageId() : undefined;
    const info = getFrameInfo(imageId);
    if (!info) return null;
    const windows = [info.window, ...info.windowPresets].filter(
      (w, i, all) => all.findIndex((o) => o.center === w.center && o.width === w.width) === i,
    );
    if (windows.length < 2) return null;
    this.fileWindowIndex = (this.fileWindowIndex + 1) % windows.length;
    this.setWindow(windows[this.fileWindowIndex]);
    return `${this.fileWindowIndex + 1}/${windows.length}`;
  }

  /** Back to the window from the file (or the automatic one), no invert, fitted zoom, centred. */
  resetWindow(): void {
    if (this.defaultWindow) this.setWindow(this.defaultWindow);
  }

  reset(): void {
    if (!this.viewport) return;
    this.viewport.resetCamera();
    if (this.viewport instanceof VolumeViewport) this.viewport.setProperties({ invert: false }, this.volumeId ?? undefined);
    else this.viewport.setProperties({ invert: false });
    this.resetWindow();
  }

  invert(): void {
    if (!this.viewport) return;
    const props = this.viewport instanceof VolumeViewport ? this.viewport.getProperties(this.volumeId ?? undefined) : this.viewport.getProperties();
    const invert = !props?.invert;
    if (this.viewport instanceof VolumeViewport) this.viewport.setProperties({ invert }, this.volumeId ?? undefined);
    else this.viewport.setProperties({ invert });
    this.viewport.render();
  }

  /** Zooms by a factor around the centre (keyboard +/−). */
  zoomBy(factor: number): void {
    if (!this.viewport) return;
    const camera = this.viewport.getCamera();
    if (camera.parallelScale) this.viewport.setCamera({ parallelScale: camera.parallelScale / factor });
    this.viewport.render();
  }

  get cinePlaying(): boolean {
    return this.cineTimer !== null;
  }

  /** Starts or stops cine at the viewer's current frame rate (read every frame, so a change applies at once). */
  toggleCine(): boolean {
    if (this.cineTimer) {
      clearTimeout(this.cineTimer);
      this.cineTimer = null;
      return false;
    }
    const frame = async (): Promise<void> => {
      const started = performance.now();
      await this.jumpTo(cineNext(this.sliceIndex(), this.sliceCount()));
      if (this.cineTimer === null || this.disposed) return;
      this.cineTimer = setTimeout(() => void frame(), cineDelayMs(viewerStore.get().cineFps, performance.now() - started));
    };
    this.cineTimer = setTimeout(() => void frame(), 0);
    return true;
  }

  status(): PaneStatus | null {
    const viewport = this.viewport;
    if (!viewport) return null;
    const camera = viewport.getCamera();
    const imageId = viewport instanceof StackViewport ? viewport.getCurrentImageId() : undefined;
    const info = getFrameInfo(imageId);
    const canvasHeight = this.element.clientHeight || 1;
    const hasSpacing = viewport instanceof VolumeViewport || (info?.geometry.pixelSpacing ?? null) !== null;
    const hasOrientation = viewport instanceof VolumeViewport || (info?.geometry.imageOrientationPatient ?? null) !== null;
    const props = viewport instanceof VolumeViewport ? viewport.getProperties(this.volumeId ?? undefined) : viewport.getProperties();
    return {
      index: this.sliceIndex(),
      count: this.sliceCount(),
      window: this.getWindow(),
      labels:
        hasOrientation && camera.viewUp && camera.viewPlaneNormal
          ? labelsFromCamera(camera.viewUp, camera.viewPlaneNormal, camera.flipHorizontal, camera.flipVertical)
          : null,
      mmPerPixel: hasSpacing && camera.parallelScale ? (2 * camera.parallelScale) / canvasHeight : null,
      zoom: viewport.getZoom(),
      // Per image (stacks) or per volume: whatever the display set claims, a synthetic source shows the marker.
      synthetic: this.display.provenance === 'synthetic' || info?.provenance === 'synthetic' || this.volume?.synthetic === true,
      invert: Boolean(props?.invert),
      imageId,
      voiLut: info?.voiLut ?? null,
    };
  }

  dispose(): void {
    this.disposed = true;
    if (this.cineTimer) clearTimeout(this.cineTimer);
    this.cineTimer = null;
    if (this.viewport) {
      toolGroup().removeViewports(renderingEngineId, this.viewportId);
      const re = engine();
      // The engine stays (see engine()): its contexts are reused by the next pane.
      re.disableElement(this.viewportId);
    }
    this.viewport = null;
  }
}

export type CornerstoneViewport = Types.IViewport;
