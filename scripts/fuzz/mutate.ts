// The fuzz corpus (real files from ../shared/data, test/fixtures and the embedded model) and the mutations applied
// to them: bit flips, byte noise, truncation, length fields set to extremes, header garbage, gzip damage and huge
// dimensions written where each format keeps them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export type FuzzKind = 'dicom' | 'dicomdir' | 'nifti' | 'png' | 'jpeg' | 'npy' | 'npz' | 'safetensors' | 'model';

export interface Seed {
  path: string;
  kind: FuzzKind;
  bytes: Buffer;
}

/** Deterministic PRNG (mulberry32), so a failing input can be regenerated from its seed and index. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function kindOf(path: string, head: Buffer): FuzzKind | null {
  const name = basename(path).toLowerCase();
  if (name === 'model.json') return 'model';
  if (name.startsWith('dicomdir')) return 'dicomdir';
  if (/\.nii(\.gz)?$/.test(name)) return 'nifti';
  if (name.endsWith('.png')) return 'png';
  if (/\.jpe?g$/.test(name)) return 'jpeg';
  if (name.endsWith('.npy')) return 'npy';
  if (name.endsWith('.npz')) return 'npz';
  if (name.endsWith('.safetensors')) return 'safetensors';
  if (name.endsWith('.dcm') || (head.length > 132 && head.toString('latin1', 128, 132) === 'DICM')) return 'dicom';
  return null;
}

/** Up to `perKind` files of each kind (smallest first, at most `maxBytes` each) under the given folders. */
export function loadCorpus(roots: readonly string[], perKind = 60, maxBytes = 8 * 1024 * 1024): Seed[] {
  const byKind = new Map<FuzzKind, { path: string; size: number }[]>();
  const visit = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      const info = statSync(path, { throwIfNoEntry: false });
      if (!info) continue;
      if (info.isDirectory()) visit(path);
      else if (info.isFile() && info.size > 0 && info.size <= maxBytes) {
        const kind = kindOf(path, readFileSync(path).subarray(0, 132));
        if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), { path, size: info.size }]);
      }
    }
  };
  roots.forEach(visit);
  const seeds: Seed[] = [];
  for (const [kind, files] of byKind) {
    // Spread over the sizes rather than the first N in folder order, so every folder contributes.
    const step = Math.max(1, files.length / perKind);
    for (let i = 0; i < files.length && seeds.filter((s) => s.kind === kind).length < perKind; i += step) {
      const f = files[Math.floor(i)];
      seeds.push({ path: f.path, kind, bytes: readFileSync(f.path) });
    }
  }
  return seeds;
}

const isGzip = (b: Buffer): boolean => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Where each format keeps its dimensions (offset, byte width, endianness), for the "huge dimensions" mutation. */
function dimensionFields(kind: FuzzKind, bytes: Buffer): [number, 2 | 4, 'le' | 'be'][] {
  if (kind === 'png') return [[16, 4, 'be'], [20, 4, 'be']];
  if (kind === 'nifti') return bytes.readInt32LE(0) === 540 ? [[16, 4, 'le'], [24, 4, 'le'], [32, 4, 'le']] : [[42, 2, 'le'], [44, 2, 'le'], [46, 2, 'le']];
  if (kind === 'dicom') {
    // (0028,0010) Rows and (0028,0011) Columns, explicit little endian: tag, "US", length 2, value.
    const out: [number, 2, 'le'][] = [];
    for (const el of [0x10, 0x11, 0x08]) {
      const at = bytes.indexOf(Buffer.from([0x28, 0x00, el, 0x00]));
      if (at > 0) out.push([at + 8, 2, 'le']);
    }
    return out;
  }
  return [];
}

function writeField(bytes: Buffer, [offset, width, order]: [number, 2 | 4, 'le' | 'be'], value: number): void {
  if (offset + width > bytes.length) return;
  if (width === 2 && order === 'le') bytes.writeUInt16LE(value & 0xffff, offset);
  else if (width === 2) bytes.writeUInt16BE(value & 0xffff, offset);
  else if (order === 'le') bytes.writeUInt32LE(value >>> 0, offset);
  else bytes.writeUInt32BE(value >>> 0, offset);
}

export const mutationNames = ['bitflip', 'bytes', 'truncate', 'length', 'header', 'gzip', 'dimensions'] as const;
export type MutationName = (typeof mutationNames)[number];

/** One mutated input from a seed; `random` decides which mutation and where. */
export function mutate(seed: Seed, random: () => number): { bytes: Buffer; mutation: MutationName } {
  const pick = (n: number): number => Math.floor(random() * n);
  let mutation = mutationNames[pick(mutationNames.length)];
  if (mutation === 'gzip' && !isGzip(seed.bytes)) mutation = 'bitflip';
  if (mutation === 'dimensions' && dimensionFields(seed.kind, seed.bytes).length === 0) mutation = 'length';
  // Most of a file is pixel data; mutations aim at the first 4 KiB (headers) three times out of four.
  const where = (): number => (random() < 0.75 ? pick(Math.min(4096, seed.bytes.length)) : pick(seed.bytes.length));
  const bytes = Buffer.from(seed.bytes);
  switch (mutation) {
    case 'bitflip':
      for (let i = 1 + pick(16); i > 0; i--) bytes[where()] ^= 1 << pick(8);
      return { bytes, mutation };
    case 'bytes':
      for (let i = 1 + pick(32); i > 0; i--) bytes[where()] = pick(256);
      return { bytes, mutation };
    case 'truncate':
      return { bytes: bytes.subarray(0, pick(bytes.length)), mutation };
    case 'length': {
      const extremes = [0, 1, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff, 0x80000000, 0xfffffffe];
      for (let i = 1 + pick(4); i > 0; i--) {
        const at = where();
        if (at + 4 <= bytes.length) bytes.writeUInt32LE(extremes[pick(extremes.length)], at);
      }
      return { bytes, mutation };
    }
    case 'header': {
      const garbage = Buffer.from(Array.from({ length: 1 + pick(512) }, () => pick(256)));
      garbage.copy(bytes, pick(Math.min(bytes.length, 600)));
      return { bytes, mutation };
    }
    case 'gzip': {
      if (random() < 0.5) {
        bytes[10 + pick(Math.max(1, bytes.length - 10))] ^= 0xff;
        return { bytes, mutation };
      }
      const inner = gunzipSync(seed.bytes);
      const damaged = mutate({ ...seed, bytes: inner }, random).bytes;
      return { bytes: gzipSync(damaged), mutation };
    }
    case 'dimensions': {
      const fields = dimensionFields(seed.kind, seed.bytes);
      const inner = seed.kind === 'nifti' && isGzip(seed.bytes) ? gunzipSync(seed.bytes) : bytes;
      const huge = [0, 0xffff, 0x7fffffff, 0xffffffff, 65536, 100000, 1 << 20][pick(7)];
      for (const field of fields) if (random() < 0.7) writeField(inner, field, huge);
      return { bytes: inner === bytes ? bytes : gzipSync(inner), mutation };
    }
  }
}
