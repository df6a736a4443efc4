// Reading and writing .npy files, with errors that name the file.
import { readFile, writeFile } from 'node:fs/promises';
import { ApiError } from '../../src-shared/api/errors.js';
import { decodeNpy, encodeNpy } from '../../src-shared/io/npy.js';
import type { NpyArray, NpyData, NpyDtype } from '../../src-shared/io/npy.js';

export async function readNpy(path: string): Promise<NpyArray> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ApiError('not_found', `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return decodeNpy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new ApiError('bad_input', `${path}: ${(error as Error).message}`);
  }
}

export async function writeNpy(path: string, data: NpyData, shape: readonly number[], dtype?: NpyDtype): Promise<void> {
  await writeFile(path, encodeNpy(data, shape, dtype));
}
