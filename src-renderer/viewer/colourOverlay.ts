// Diverging colour overlays over a Cornerstone viewport (difference to α = 0, eigencomponent maps). A 2D canvas
// above the viewport draws the map of the plane on screen after every render, through the viewport's own
// world → canvas mapping, so it follows pan, zoom, flips and scrolling on GPU and CPU rendering alike.
// Panels attach a layer to a display set by its key (overlayStore); every pane showing that display draws it.
import { Enums, getEnabledElement } from '@cornerstonejs/core';
import type { StackViewport, VolumeViewport } from '@cornerstonejs/core';
import { useSyncExternalStore } from 'react';
import { bitmapTransform, overlayPixels, pickPlane, planePoint } from '../../src-shared/viewer/colourOverlay.js';
import type { OverlayLayer, OverlayPlane, Vec3 } from '../../src-shared/viewer/colourOverlay.js';

const layers = new Map<string, OverlayLayer>();
const listeners = new Set<() => void>();

/** Colour layers by display-set key: set one to show it on every pane with that display, null to remove it. */
export const overlayStore = {
  set(displayKey: string, layer: OverlayLayer | null): void {
    if (layer) layers.set(displayKey, layer);
    else layers.delete(displayKey);
    for (const l of listeners) l();
  },
  get(displayKey: string): OverlayLayer | null {
    return layers.get(displayKey) ?? null;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useOverlay(displayKey: string): OverlayLayer | null {
  return useSyncExternalStore(overlayStore.subscribe, () => overlayStore.get(displayKey));
}

interface Bitmap {
  scale: number;
  opacity: number;
  canvas: HTMLCanvasElement;
}

/** Draws one layer over one viewport element; `canvas` is an absolutely placed sibling covering the element. */
export class ColourOverlay {
  private layer: OverlayLayer | null = null;
  // Colouring a map is the costly part; a plane is re-coloured only when its scale or opacity changes.
  private bitmaps = new WeakMap<OverlayPlane, Bitmap>();
  private readonly onRendered = (): void => this.draw();

  constructor(
    private readonly element: HTMLDivElement,
    private readonly canvas: HTMLCanvasElement,
  ) {
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
  }

  set(layer: OverlayLayer | null): void {
    this.layer = layer;
    this.draw();
  }

  private viewport(): StackViewport | VolumeViewport | null {
    try {
      return (getEnabledElement(this.element)?.viewport as StackViewport | VolumeViewport | undefined) ?? null;
    } catch {
      // The element is not (or no longer) enabled: nothing to draw over.
      return null;
    }
  }

  private bitmap(plane: OverlayPlane, layer: OverlayLayer): HTMLCanvasElement {
    const cached = this.bitmaps.get(plane);
    if (cached && cached.scale === layer.scale && cached.opacity === layer.opacity) return cached.canvas;
    const canvas = cached?.canvas ?? document.createElement('canvas');
    canvas.width = plane.columns;
    canvas.height = plane.rows;
    const pixels = overlayPixels(plane.values, layer.scale, layer.opacity);
    canvas.getContext('2d')?.putImageData(new ImageData(pixels, plane.columns, plane.rows), 0, 0);
    this.bitmaps.set(plane, { scale: layer.scale, opacity: layer.opacity, canvas });
    return canvas;
  }

  /** Redraws for the viewport's current image and camera; marks the canvas with the plane shown (for tests). */
  draw(): void {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(this.element.clientWidth * ratio);
    const height = Math.round(this.element.clientHeight * ratio);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const layer = this.layer;
    const viewport = this.viewport();
    const camera = viewport?.getCamera();
    const plane =
      layer && viewport && camera?.focalPoint && camera.viewPlaneNormal
        ? pickPlane(layer.planes, {
            imageId: viewport.getCurrentImageId() as string | undefined,
            focalPoint: [...camera.focalPoint] as Vec3,
            viewPlaneNormal: [...camera.viewPlaneNormal] as Vec3,
          })
        : null;
    this.canvas.dataset.plane = plane && layer ? String(layer.planes.indexOf(plane)) : '';
    if (!plane || !layer || !viewport) return;
    const at = (row: number, column: number): [number, number] => {
      const p = viewport.worldToCanvas(planePoint(plane, row, column));
      return [p[0], p[1]];
    };
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.transform(...bitmapTransform(at(0, 0), at(0, 1), at(1, 0)));
    // Map pixels stay crisp squares, like the image pixels under them.
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.bitmap(plane, layer), 0, 0);
  }

  dispose(): void {
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    this.layer = null;
  }
}
