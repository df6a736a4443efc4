// The burned-in SYNTHETIC label: the exact letters in the top-left corner of a 64² grey image, scaled on larger
// images, RGBA made opaque, and nothing outside its box touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { burnSyntheticLabel, labelBox } from '../../../src-shared/viewer/syntheticLabel.js';

/** The label's box as ASCII art: '#' = 255, '.' = 0, '?' = anything else. */
function art(pixels: Uint8Array, width: number, box: { width: number; height: number }, channels = 1): string[] {
  return Array.from({ length: box.height }, (_, y) =>
    Array.from({ length: box.width }, (_, x) => {
      const v = pixels[(y * width + x) * channels];
      return v === 255 ? '#' : v === 0 ? '.' : '?';
    }).join(''),
  );
}

test('a 64² grey image gets SYNTHETIC in 3×5 capitals on a black 37×7 box; the rest of the image is untouched', () => {
  const image = new Uint8Array(64 * 64).fill(100);
  burnSyntheticLabel(image, 64, 64, 1);
  const box = labelBox(64, 64);
  assert.deepEqual(box, { width: 37, height: 7 });
  assert.deepEqual(art(image, 64, box), [
    '.....................................',
    '.###.#.#.#.#.###.#.#.###.###.###.###.',
    '.#...#.#.###..#..#.#.#....#...#..#...',
    '.###..#..###..#..###.###..#...#..#...',
    '...#..#..#.#..#..#.#.#....#...#..#...',
    '.###..#..#.#..#..#.#.###..#..###.###.',
    '.....................................',
  ]);
  let touched = 0;
  for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) if ((x >= box.width || y >= box.height) && image[y * 64 + x] !== 100) touched++;
  assert.equal(touched, 0);
});

test('a 256² RGBA map gets the label at twice the size, every colour channel set and alpha opaque', () => {
  const rgba = new Uint8Array(256 * 256 * 4).fill(7);
  burnSyntheticLabel(rgba, 256, 256, 4);
  assert.deepEqual(labelBox(256, 256), { width: 74, height: 14 });
  // Font pixel (1, 1) of "S" covers image pixels 2..3 × 2..3.
  for (const [x, y] of [[2, 2], [3, 3]]) assert.deepEqual([...rgba.subarray((y * 256 + x) * 4, (y * 256 + x) * 4 + 4)], [255, 255, 255, 255]);
  assert.deepEqual([...rgba.subarray(0, 4)], [0, 0, 0, 255], 'the box is black and opaque');
  assert.deepEqual([...rgba.subarray((20 * 256 + 100) * 4, (20 * 256 + 100) * 4 + 4)], [7, 7, 7, 7], 'outside the box nothing changes');
});

test('an image smaller than the box gets as much of the label as fits', () => {
  const tiny = new Uint8Array(16 * 4).fill(50);
  burnSyntheticLabel(tiny, 16, 4, 1);
  assert.ok(tiny.every((v) => v === 0 || v === 255));
});
