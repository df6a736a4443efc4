// Test helper: whether decoded pixels carry the burned-in SYNTHETIC label (the label's box equals the label drawn
// on the same pixels).
import { burnSyntheticLabel, labelBox } from '../../src-shared/viewer/syntheticLabel.js';

export function hasSyntheticLabel(pixels: ArrayLike<number>, width: number, height: number, channels: number, bitDepth: 8 | 16 = 8): boolean {
  const drawn = bitDepth === 16 ? Uint16Array.from(pixels) : Uint8Array.from(pixels);
  burnSyntheticLabel(drawn, width, height, channels);
  const box = labelBox(width, height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      for (let c = 0; c < channels; c++) if (pixels[(y * width + x) * channels + c] !== drawn[(y * width + x) * channels + c]) return false;
    }
  }
  return true;
}
