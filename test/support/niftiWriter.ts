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
