// Writes a file so that a reader never sees it half-written (the API reads progress.json, summary.json and preview.npy
// while a job rewrites them): the bytes go to a temporary file beside the target, which is then renamed over it.
// Hand-written: it is one rename on node:fs; a package for it would add a dependency for two lines.
import { rename, rm, writeFile } from 'node:fs/promises';

let counter = 0;

/** Temporary files end in this; listings of result folders skip them. */
export const tempSuffix = '.tmp';

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}-${++counter}${tempSuffix}`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
