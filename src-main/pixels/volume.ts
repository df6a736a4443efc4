// pixels.volume: a whole volume in one answer for the viewer's 3D volumes. One request instead of one per slice,
// and int16 whenever every voxel is a whole number in range (half the bytes of float32, and the texture the
// viewer builds anyway), so opening MPR costs one decode pass in the host and one copy in the renderer.
import type { PixelVolume } from '../../src-shared/api/pixels.js';
import { minMax } from '../../src-shared/viewer/windowing.js';
import type { PixelService } from './service.js';

/** Float32 voxels as int16 when that is exact (a new array), else a copy; with their range, in one pass. */
export function narrowVoxels(data: Float32Array): { voxels: Int16Array | Float32Array; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    // v | 0 equals v only for whole numbers in int32 range (NaN fails too); the range check follows.
    if (whole && (v | 0) !== v) whole = false;
  }
  const fits = whole && min >= -32768 && max <= 32767;
  // A copy either way: the service keeps the series' float32 grid cached, and IPC clones whole buffers.
  return { voxels: fits ? new Int16Array(data) : new Float32Array(data), min, max };
}

export async function pixelVolume(service: PixelService, id: string): Promise<PixelVolume> {
  const { data, dims, provenance, modality } = await service.voxels(id);
  // Built as int16 by the service (a series that fits, its own array): as it is. Float32 (the service's cached grid, or NIfTI): narrowed if exact.
  const { voxels, min, max } = data instanceof Int16Array ? { voxels: data, ...minMax(data) } : narrowVoxels(data);
  return {
    source: { id: id as PixelVolume['source']['id'] },
    provenance, modality, dims,
    dtype: voxels instanceof Int16Array ? 'int16' : 'float32',
    min: Number.isFinite(min) ? min : 0,
    max: Number.isFinite(max) ? max : 0,
    data: new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength),
  };
}
