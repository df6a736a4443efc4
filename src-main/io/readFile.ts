// The one place that reads user-named files and maps read failures: opened without blocking, fstat'ed (regular
// files only: FIFOs, devices, sockets and folders are refused with a reason), size-capped before a byte is read,
// and every failure turned into an ApiError naming the file and the reason in words.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { ApiError } from '../../src-shared/api/errors.js';

/** Largest file read whole by default; bigger inputs are streamed (volumes, .npy stacks) or refused. */
export const defaultMaxFileBytes = 1024 * 1024 * 1024;
/** Largest text file (CSV, JSON) read whole. */
export const maxTextFileBytes = 64 * 1024 * 1024;

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  EIO: 'input/output error (a damaged disk or disc?)',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  ENOTDIR: 'a part of the path is not a folder',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EAGAIN: 'the file is busy',
};

/** not_found only when the file does not exist; every other failure is bad_input with the reason in words. */
export function readFailure(path: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ApiError('not_found', `${path}: no such file`);
  const reason = (code && reasons[code]) ?? (code ? `cannot read (${code})` : `cannot read (${error instanceof Error ? error.message : String(error)})`);
  return new ApiError('bad_input', `${path}: ${reason}`);
}

/** What a path that is not a regular file is, in words ("a named pipe (FIFO)", "a device"...). */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Refuses anything but a regular file of at most `maxBytes`. */
export function checkRegularFile(path: string, stats: Stats, maxBytes = defaultMaxFileBytes): void {
  if (!stats.isFile()) throw new ApiError('bad_input', `${path}: ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw new ApiError('bad_input', `${path}: ${stats.size} bytes is over the ${Math.round(maxBytes / (1024 * 1024))} MiB limit for this kind of file`);
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer and freeze the caller.
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Opens a regular file for reading (sync); the caller closes the descriptor. */
export function openRegularFileSync(path: string, maxBytes = defaultMaxFileBytes): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, openFlags);
  } catch (error) {
    throw readFailure(path, error);
  }
  try {
    const stats = fstatSync(fd);
    checkRegularFile(path, stats, maxBytes);
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw readFailure(path, error);
  }
}

/** Reads exactly the size fstat reported (a file growing while read cannot push it past the cap). */
export function readBytesSync(path: string, maxBytes = defaultMaxFileBytes): Buffer {
  const { fd, size } = openRegularFileSync(path, maxBytes);
  try {
    const buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const n = readSync(fd, buffer, offset, size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return offset === size ? buffer : buffer.subarray(0, offset);
  } catch (error) {
    throw readFailure(path, error);
  } finally {
    closeSync(fd);
  }
}

export async function readBytes(path: string, maxBytes = defaultMaxFileBytes): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, openFlags);
  } catch (error) {
    throw readFailure(path, error);
  }
  try {
    const stats = await handle.stat();
    checkRegularFile(path, stats, maxBytes);
    const buffer = Buffer.allocUnsafe(stats.size);
    let offset = 0;
    while (offset < stats.size) {
      const { bytesRead } = await handle.read(buffer, offset, stats.size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === stats.size ? buffer : buffer.subarray(0, offset);
  } catch (error) {
    throw readFailure(path, error);
  } finally {
    await handle.close();
  }
}

/** A whole text file (CSV, JSON) as UTF-8, capped at `maxTextFileBytes`. */
export async function readText(path: string, maxBytes = maxTextFileBytes): Promise<string> {
  return (await readBytes(path, maxBytes)).toString('utf8');
}

export function readTextSync(path: string, maxBytes = maxTextFileBytes): string {
  return readBytesSync(path, maxBytes).toString('utf8');
}

/** For readers that open the file themselves (streams, partial reads): the same checks by path, before opening. */
export async function statRegularFile(path: string, maxBytes = defaultMaxFileBytes): Promise<Stats> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    throw readFailure(path, error);
  }
  checkRegularFile(path, stats, maxBytes);
  return stats;
}
