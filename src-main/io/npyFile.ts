// Reading and writing .npy files, with errors that name the file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from './atomicWrite.js';
import { dirname } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import { decodeNpy, encodeNpy } from '../../src-shared/io/npy.js';
import type { NpyArray, NpyData, NpyDtype } from '../../src-shared/io/npy.js';
import { readBytes, readBytesSync } from './readFile.js';

function decodeFile(path: string, bytes: Buffer): NpyArray {
  try {
    return decodeNpy(bytes);
  } catch (error) {
    throw new ApiError('bad_input', `${path}: ${(error as Error).message}`);
  }
}

export async function readNpy(path: string): Promise<NpyArray> {
  return decodeFile(path, await readBytes(path));
}

export function readNpySync(path: string): NpyArray {
  return decodeFile(path, readBytesSync(path));
}

export async function writeNpy(path: string, data: NpyData, shape: readonly number[], dtype?: NpyDtype): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, encodeNpy(data, shape, dtype));
}

export function writeNpySync(path: string, data: NpyData, shape: readonly number[], dtype?: NpyDtype): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodeNpy(data, shape, dtype));
}
