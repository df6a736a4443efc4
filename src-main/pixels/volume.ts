// pixels.volume: a whole volume in one answer for the viewer's 3D volumes. One request instead of one per slice,
// and int16 whenever every voxel is a whole number in range (half the bytes of float32, and the texture the
// viewer builds anyway), so opening MPR costs one decode pass in the host and one copy in the renderer.
import type { PixelVolume } from '../../src-shared/api/pixels.js';
import { minMax } from '../../src-shared/viewer/windowing.js';
import type { PixelService } from './service.js';

/** Float32 voxels as int16 when that is exact, else unchanged. */
export function narrowVoxels(data: Float32Array): Int16Array | Float32Array {
  const { min, max } = minMax(data);
  if (min < -32768 || max > 32767) return data;
  for (let i = 0; i < data.length; i++) if (!Number.isInteger(data[i])) return data;
  return Int16Array.from(data);
}

export async function pixelVolume(service: PixelService, id: string): Promise<PixelVolume> {
  const { data, dims, provenance, modality } = await service.voxels(id);
  const narrow = narrowVoxels(data);
  const { min, max } = minMax(data);
  // A copy of its own bytes: the service keeps the series' float32 grid cached, and IPC clones whole buffers.
  const bytes = new Uint8Array(narrow.byteLength);
  bytes.set(new Uint8Array(narrow.buffer, narrow.byteOffset, narrow.byteLength));
  return {
    source: { id: id as PixelVolume['source']['id'] },
    provenance, modality, dims,
    dtype: narrow instanceof Int16Array ? 'int16' : 'float32',
    min: Number.isFinite(min) ? min : 0,
    max: Number.isFinite(max) ? max : 0,
    data: bytes,
  };
}
