// Writes NumPy .npz archives (stored zip of .npy members, as numpy.savez), readable by NumPy and by decodeNpz.
import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { encodeNpy } from '../../src-shared/io/npy.js';
import type { NpyData } from '../../src-shared/io/npy.js';

export function encodeNpz(arrays: ReadonlyArray<{ name: string; data: NpyData; shape: readonly number[] }>): Uint8Array {
  const members: Zippable = {};
  for (const a of arrays) members[`${a.name}.npy`] = [encodeNpy(a.data, a.shape), { level: 0 }];
  return zipSync(members);
}
