// NumPy .npz archives (a zip of .npy members, stored or deflated) → arrays by name, via fflate.
import { unzipSync } from 'fflate';
import { decodeNpy } from '../../src-shared/io/npy.js';
import type { NpyArray } from '../../src-shared/io/npy.js';
import { maxDecodedBytes } from '../io/bounded.js';

/** Decodes every `<name>.npy` member; `source` names the file in error messages. */
export function decodeNpz(bytes: Uint8Array, source: string): Map<string, NpyArray> {
  let members: Record<string, Uint8Array>;
  try {
    // The central directory declares each member's size: refuse before inflating anything over the limit.
    members = unzipSync(bytes, {
      filter: (file) => {
        if (file.originalSize > maxDecodedBytes) throw new Error(`member ${file.name} declares ${file.originalSize} bytes, over the ${maxDecodedBytes / (1024 * 1024)} MiB limit`);
        return true;
      },
    });
  } catch (error) {
    throw new Error(`${source}: not a readable .npz (zip) archive (${(error as Error).message})`);
  }
  const out = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(members)) {
    if (!name.endsWith('.npy')) continue;
    try {
      out.set(name.slice(0, -4), decodeNpy(data));
    } catch (error) {
      throw new Error(`${source}: member ${name}: ${(error as Error).message}`);
    }
  }
  return out;
}
