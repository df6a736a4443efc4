// Writes a minimal NIfTI-1 file (uint8 voxels, sform affine) so orientation tests can place a marker at a
// known anatomical side and check where the viewer draws it.
import { writeFileSync } from 'node:fs';

/** `affine` is the voxel → RAS mm sform, row-major 3×4 (the last row 0 0 0 1 is implied). */
export function writeNifti(path: string, dims: [number, number, number], voxels: Uint8Array, affine: number[]): void {
  const header = Buffer.alloc(352);
  header.writeInt32LE(348, 0);
  header.writeInt16LE(3, 40);
  dims.forEach((d, i) => header.writeInt16LE(d, 42 + 2 * i));
  for (let i = 3; i < 7; i++) header.writeInt16LE(1, 42 + 2 * i);
  header.writeInt16LE(2, 70); // datatype uint8
  header.writeInt16LE(8, 72); // bitpix
  header.writeFloatLE(1, 76); // pixdim[0] = qfac
  for (let i = 0; i < 3; i++) header.writeFloatLE(Math.hypot(affine[i], affine[4 + i], affine[8 + i]), 80 + 4 * i);
  header.writeFloatLE(352, 108); // vox_offset
  header.writeFloatLE(1, 112); // scl_slope
  header.writeInt16LE(0, 252); // qform_code
  header.writeInt16LE(2, 254); // sform_code (aligned)
  for (let i = 0; i < 12; i++) header.writeFloatLE(affine[i], 280 + 4 * i);
  header.write('n+1\0', 344, 'latin1');
  writeFileSync(path, Buffer.concat([header, Buffer.from(voxels)]));
}

export interface Nifti2Spec {
  /** Up to 7 sizes, x fastest. */
  dims: number[];
  pixdim: number[];
  /** int16 voxels, little endian. */
  voxels: Int16Array;
  /** voxel → RAS mm sform, row-major 3×4. */
  sform: number[];
  sclSlope: number;
  sclInter: number;
  description: string;
  /** Bytes of one header extension (ecode 6, comment), padded to a multiple of 16 with its 8-byte header; none when absent. */
  extension?: string;
}

/** A NIfTI-2 file written field by field from the standard's nifti2.h layout (540-byte header, int64/float64 fields). */
export function nifti2Bytes(spec: Nifti2Spec): Buffer {
  const header = Buffer.alloc(540);
  header.writeInt32LE(540, 0);
  Buffer.from('n+2\0\r\n\x1a\n', 'latin1').copy(header, 4);
  header.writeInt16LE(4, 12); // datatype int16
  header.writeInt16LE(16, 14); // bitpix
  header.writeBigInt64LE(BigInt(spec.dims.length), 16);
  for (let i = 0; i < 7; i++) header.writeBigInt64LE(BigInt(spec.dims[i] ?? 1), 24 + 8 * i);
  header.writeDoubleLE(1, 104); // pixdim[0] = qfac
  for (let i = 0; i < 7; i++) header.writeDoubleLE(spec.pixdim[i] ?? 1, 112 + 8 * i);
  let extension = Buffer.alloc(0);
  if (spec.extension !== undefined) {
    const text = Buffer.from(spec.extension, 'latin1');
    const size = Math.ceil((text.length + 8) / 16) * 16;
    extension = Buffer.alloc(size);
    extension.writeInt32LE(size, 0);
    extension.writeInt32LE(6, 4);
    text.copy(extension, 8);
  }
  const voxOffset = 544 + extension.length;
  header.writeBigInt64LE(BigInt(voxOffset), 168);
  header.writeDoubleLE(spec.sclSlope, 176);
  header.writeDoubleLE(spec.sclInter, 184);
  header.write(spec.description.slice(0, 79), 240, 'latin1');
  header.writeInt32LE(0, 344); // qform_code
  header.writeInt32LE(2, 348); // sform_code (aligned)
  for (let i = 0; i < 12; i++) header.writeDoubleLE(spec.sform[i] ?? 0, 400 + 8 * i);
  header.writeInt32LE(10 | 8, 500); // xyzt_units: mm, s
  const flag = Buffer.from([extension.length > 0 ? 1 : 0, 0, 0, 0]);
  const voxels = Buffer.from(spec.voxels.buffer, spec.voxels.byteOffset, spec.voxels.byteLength);
  return Buffer.concat([header, flag, extension, voxels]);
}
