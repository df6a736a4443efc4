// The burned-in SYNTHETIC label of exported pictures of generated content (PNG frames, GIF frames, metric maps):
// white capitals on a black box in the top-left corner, drawn into the pixels so it survives any viewer or re-save.
// A 3×5 pixel font keeps it small on 64² images (37×7 pixels there), scaled up by whole pixels on larger ones.

export const syntheticLabelText = 'SYNTHETIC';

/** 3×5 glyphs of the label's letters, one row per string, '#' = ink. */
const glyphs: Readonly<Record<string, readonly string[]>> = {
  S: ['###', '#..', '###', '..#', '###'],
  Y: ['#.#', '#.#', '.#.', '.#.', '.#.'],
  N: ['#.#', '###', '###', '#.#', '#.#'],
  T: ['###', '.#.', '.#.', '.#.', '.#.'],
  H: ['#.#', '#.#', '###', '#.#', '#.#'],
  E: ['###', '#..', '###', '#..', '###'],
  I: ['###', '.#.', '.#.', '.#.', '###'],
  C: ['###', '#..', '#..', '#..', '###'],
};

/** Pixels per font pixel: 1 up to 199 pixels wide, then one more per 100 pixels. */
export function labelScale(width: number): number {
  return Math.max(1, Math.floor(width / 100));
}

/** The box the label covers (top-left corner), in image pixels. */
export function labelBox(width: number, height: number): { width: number; height: number } {
  const s = labelScale(width);
  const text = syntheticLabelText.length * 4 - 1;
  return { width: Math.min(width, (text + 2) * s), height: Math.min(height, 7 * s) };
}

/**
 * Draws the label into interleaved 8- or 16-bit pixels (1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA) in place: a
 * black box (opaque) with the letters at full intensity (255, or 65535 in a Uint16Array, as 16-bit PNGs hold).
 * Images smaller than the box get as much of it as fits.
 */
export function burnSyntheticLabel(pixels: Uint8Array | Uint8ClampedArray | Uint16Array, width: number, height: number, channels: number): void {
  const full = pixels instanceof Uint16Array ? 0xffff : 0xff;
  const s = labelScale(width);
  const box = labelBox(width, height);
  const colourChannels = channels === 2 || channels === 4 ? channels - 1 : channels;
  const paint = (x: number, y: number, value: number): void => {
    const at = (y * width + x) * channels;
    for (let c = 0; c < colourChannels; c++) pixels[at + c] = value;
    if (colourChannels < channels) pixels[at + channels - 1] = full;
  };
  for (let y = 0; y < box.height; y++) for (let x = 0; x < box.width; x++) paint(x, y, 0);
  [...syntheticLabelText].forEach((letter, i) => {
    const glyph = glyphs[letter];
    for (let gy = 0; gy < 5; gy++) {
      for (let gx = 0; gx < 3; gx++) {
        if (glyph[gy][gx] !== '#') continue;
        for (let dy = 0; dy < s; dy++) {
          for (let dx = 0; dx < s; dx++) {
            const x = (1 + i * 4 + gx) * s + dx;
            const y = (1 + gy) * s + dy;
            if (x < width && y < height) paint(x, y, full);
          }
        }
      }
    }
  });
}
