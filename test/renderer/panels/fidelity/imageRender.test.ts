// Proves the fidelity panes' pixel rules: grey through a window, the SSIM overlay's opacity, the drawn disc mask and
// the W/L drag direction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discMask, dragWindow, greyRgba, ssimOverlayRgba } from '../../../../src-renderer/panels/fidelity/imageRender.js';

test('grey through the model window: −1 black, 0 mid grey, +1 white, outside clamped; opaque', () => {
  const rgba = greyRgba([-1, 0, 1, 3], { center: 0, width: 2 });
  assert.deepEqual(Array.from(rgba.filter((_, i) => i % 4 === 0)), [0, 128, 255, 255]);
  assert.ok(rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255));
  // A narrow window stretches contrast: centre 0.5, width 1 puts 0 at black and 1 at white.
  assert.deepEqual(Array.from(greyRgba([0, 1], { center: 0.5, width: 1 }).filter((_, i) => i % 4 === 0)), [0, 255]);
});

test('the SSIM overlay is transparent where SSIM is 1 and most opaque where SSIM ≤ 0', () => {
  const alpha = Array.from(ssimOverlayRgba([1, 0.5, 0, -0.3], 0.8).filter((_, i) => i % 4 === 3));
  assert.deepEqual(alpha, [0, 102, 204, 204]);
});

test('a drawn disc selects the pixel centres within its radius', () => {
  const mask = discMask(5, 5, 2, 2, 1);
  assert.deepEqual(mask, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
});

test('dragging right widens the window and down raises the centre, never below one step', () => {
  assert.deepEqual(dragWindow({ center: 0, width: 2 }, 96, 48, 2, 192), { center: 0.5, width: 3 });
  assert.equal(dragWindow({ center: 0, width: 2 }, -1000, 0, 2, 192).width, 2 / 192);
});
