// Reading a whole file with an error that names it: not_found when missing, bad_input otherwise.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ApiError } from '../../src-shared/api/errors.js';

export function readFailure(path: string, error: unknown): ApiError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ApiError('not_found', `${path}: no such file`);
  return new ApiError('bad_input', `${path}: cannot read (${code ?? (error as Error).message})`);
}

export function readBytesSync(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw readFailure(path, error);
  }
}

export async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw readFailure(path, error);
  }
}
