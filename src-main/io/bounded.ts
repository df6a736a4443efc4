// Decompression with a ceiling: inflated size is capped at what the header declares (× 1.1 + 1 MiB) and at 2 GiB
// absolute, so a small crafted file (a "zip bomb") cannot take the process to gigabytes. Dimensions are checked
// before anything is allocated.
import { constants, gunzipSync, inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';

export const absoluteMaxBytes = 2 * 1024 * 1024 * 1024 - 1;
/** Largest decoded image (pixels × channels × bytes) accepted from any single file. */
export const maxDecodedBytes = 1024 * 1024 * 1024;

/** The ceiling for data whose header declares `declared` bytes. */
export function inflateLimit(declared: number): number {
  if (!Number.isFinite(declared) || declared <= 0) return 64 * 1024 * 1024;
  return Math.min(absoluteMaxBytes, Math.ceil(declared * 1.1) + 1024 * 1024);
}

class InflateLimitError extends Error {}

function limited<T>(limit: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new InflateLimitError(`decompresses to more than ${Math.round(limit / (1024 * 1024))} MiB, more than the header declares`);
    }
    throw new Error(`damaged compressed data (${(error as Error).message})`);
  }
}

export function gunzipBounded(bytes: Uint8Array, declared: number): Uint8Array {
  const limit = inflateLimit(declared);
  return limited(limit, () => gunzipSync(bytes, { maxOutputLength: limit }));
}

/** Refuses dimensions whose decoded size would pass `maxDecodedBytes`, before any buffer is made. */
export function checkDecodedSize(what: string, dims: readonly number[], bytesPerSample: number): void {
  const total = dims.reduce((a, b) => a * b, 1) * bytesPerSample;
  if (!Number.isFinite(total) || total > maxDecodedBytes) {
    throw new Error(`${what} of ${dims.join(' × ')} (${bytesPerSample} byte(s) each) is over the ${Math.round(maxDecodedBytes / (1024 * 1024))} MiB limit for one file`);
  }
}

/**
 * dicom-parser's `inflater` for the Deflated Explicit VR transfer syntax, bounded: a first partial inflate (at most
 * 8 MiB) reads rows, columns, frames, samples and bits, which give the ceiling for the full inflate.
 */
export function boundedDicomInflater(byteArray: Uint8Array, position: number): Uint8Array {
  const deflated = Buffer.from(byteArray.buffer, byteArray.byteOffset + position, byteArray.length - position);
  let declared = Number.NaN;
  try {
    const head = inflateRawSync(deflated.subarray(0, 8192), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 8 * 1024 * 1024 });
    const ds = dicomParser.parseDicom(head, { TransferSyntaxUID: '1.2.840.10008.1.2.1', untilTag: 'x7fe00010' });
    const n = (tag: string, fallback: number): number => ds.uint16(tag) ?? fallback;
    declared = n('x00280010', 0) * n('x00280011', 0) * n('x00280002', 1) * (n('x00280100', 16) / 8) * Number(ds.intString('x00280008') ?? 1) + head.length;
  } catch {
    // A header that does not parse from the first bytes: the default ceiling applies.
  }
  const limit = inflateLimit(declared);
  const inflated = limited(limit, () => inflateRawSync(deflated, { maxOutputLength: limit }));
  const full = new Uint8Array(position + inflated.length);
  full.set(byteArray.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
}
