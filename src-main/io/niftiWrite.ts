// Writes float32 NIfTI-1 (.nii or .nii.gz) with an sform affine and a description; derived files say SYNTHETIC
// in the description, which is how the catalog recognises generated volumes on import.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export interface NiftiWrite {
  /** x, y, z[, t]: x varies fastest (C order K×S×H×W is t×z×y×x). */
  dims: number[];
  data: Float32Array;
  /** Voxel → RAS mm, row-major 3×4. */
  affine: number[];
  /** Up to 79 characters; kept in `descrip`. */
  description: string;
}

export function encodeNifti(image: NiftiWrite): Buffer {
  const { dims, data, affine } = image;
  if (dims.length < 1 || dims.length > 7) throw new Error(`NIfTI has 1 to 7 dimensions, got ${dims.length}`);
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`NIfTI dims ${dims.join('×')} hold ${count} voxels, data ${data.length}`);
  if (affine.length !== 12) throw new Error(`the affine needs 12 values (3×4), got ${affine.length}`);
  const header = Buffer.alloc(352);
  header.writeInt32LE(348, 0);
  header.writeInt16LE(dims.length, 40);
  for (let i = 0; i < 7; i++) header.writeInt16LE(i < dims.length ? dims[i] : 1, 42 + 2 * i);
  header.writeInt16LE(16, 70); // datatype float32
  header.writeInt16LE(32, 72); // bitpix
  header.writeFloatLE(1, 76); // pixdim[0] = qfac
  for (let i = 0; i < 3; i++) header.writeFloatLE(Math.hypot(affine[i], affine[4 + i], affine[8 + i]) || 1, 80 + 4 * i);
  for (let i = 3; i < 7; i++) header.writeFloatLE(1, 80 + 4 * i);
  header.writeFloatLE(352, 108); // vox_offset
  header.writeFloatLE(1, 112); // scl_slope
  header.writeUInt8(10 | 8, 123); // xyzt_units: mm, s
  header.write(image.description.slice(0, 79), 148, 'latin1');
  header.writeInt16LE(0, 252); // qform_code
  header.writeInt16LE(2, 254); // sform_code (aligned)
  for (let i = 0; i < 12; i++) header.writeFloatLE(affine[i], 280 + 4 * i);
  header.write('n+1\0', 344, 'latin1');
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

export function writeNifti(path: string, image: NiftiWrite): void {
  const bytes = encodeNifti(image);
  writeFileSync(path, path.toLowerCase().endsWith('.gz') ? gzipSync(bytes) : bytes);
}
