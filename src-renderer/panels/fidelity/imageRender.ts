// Pixels of the fidelity panes as RGBA: grey images through a window (W/L on the model's [−1, 1] scale), the SSIM
// map as a red overlay where structure was lost, and a drawn disc as a 0/1 mask at the model's resolution.
import type { WindowLevel } from '../../../src-shared/viewer/windowing.js';

/** The model's full range: −1 black, +1 white. */
export const modelWindow: WindowLevel = { center: 0, width: 2 };

export function greyRgba(values: ArrayLike<number>, window: WindowLevel): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  const low = window.center - window.width / 2;
  for (let i = 0; i < values.length; i++) {
    const g = (255 * (values[i] - low)) / window.width;
    out[i * 4] = g;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** SSIM 1 → transparent, SSIM ≤ 0 → opaque red: where the projection lost the original's local structure. */
export function ssimOverlayRgba(ssimMap: ArrayLike<number>, maxOpacity = 0.75): Uint8ClampedArray {
  const out = new Uint8ClampedArray(ssimMap.length * 4);
  for (let i = 0; i < ssimMap.length; i++) {
    const loss = Math.min(1, Math.max(0, 1 - ssimMap[i]));
    out[i * 4] = 255;
    out[i * 4 + 1] = 40;
    out[i * 4 + 2] = 40;
    out[i * 4 + 3] = 255 * maxOpacity * loss;
  }
  return out;
}

/** A disc of radius r around (x, y) in pixel units (pixel centres inside or on the circle), 1 inside, 0 outside. */
export function discMask(width: number, height: number, x: number, y: number, r: number): number[] {
  const mask = new Array<number>(width * height).fill(0);
  for (let row = 0; row < height; row++) for (let col = 0; col < width; col++) if ((col - x) ** 2 + (row - y) ** 2 <= r * r) mask[row * width + col] = 1;
  return mask;
}

/** W/L drag: right = wider window, down = higher centre (the viewer's convention), scaled to the image's range. */
export function dragWindow(start: WindowLevel, dx: number, dy: number, range: number, pixels: number): WindowLevel {
  const perPixel = range / pixels;
  return { center: start.center + dy * perPixel, width: Math.max(perPixel, start.width + dx * perPixel) };
}
