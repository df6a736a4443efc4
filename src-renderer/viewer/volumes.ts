// Builds 3D volumes for orthographic viewports from the pixel service: the grid from `pixels.volumeInfo`
// and the voxels from its axial slices (k = 0…n−1), so NIfTI volumes and DICOM series take the same path.
import { cache, volumeLoader } from '@cornerstonejs/core';
import type { Types } from '@cornerstonejs/core';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import type { VolumeInfo } from '../../src-shared/api/pixels.js';
import { autoWindow } from '../../src-shared/viewer/windowing.js';
import type { WindowLevel } from '../../src-shared/viewer/windowing.js';
import { toImageId } from '../../src-shared/viewer/imageIds.js';
import { getFrameInfo } from './cornerstone.js';
import { framePixels } from './pixels.js';

export interface LoadedVolume {
  volumeId: string;
  info: VolumeInfo;
  window: WindowLevel;
  /** True when the volume or any of its slices comes from a generator (the pane must show the marker). */
  synthetic: boolean;
}

const building = new Map<string, Promise<LoadedVolume>>();

// No ':' in the id: Cornerstone treats 'scheme:' ids of a volume's slices as loadable through an image loader.
export const cornerstoneVolumeId = (sourceId: string): string => `latentradVolume_${sourceId.replace(':', '_')}`;

/** Fetches (once per source) every slice and caches the volume; `onProgress` gets slices done / total. */
export function ensureVolume(client: LatentRadClient, sourceId: string, onProgress?: (done: number, total: number) => void): Promise<LoadedVolume> {
  const existing = building.get(sourceId);
  if (existing && cache.getVolume(cornerstoneVolumeId(sourceId))) return existing;
  const promise = build(client, sourceId, onProgress);
  building.set(sourceId, promise);
  promise.catch(() => building.delete(sourceId));
  return promise;
}

async function build(client: LatentRadClient, sourceId: string, onProgress?: (done: number, total: number) => void): Promise<LoadedVolume> {
  const info = await client.call('pixels.volumeInfo', { id: sourceId });
  const [ni, nj, nk] = info.dims;
  if (!info.consistent && info.kind === 'dicom-series') {
    throw new Error(`${sourceId} does not form a volume: ${info.reason ?? 'inconsistent slices'}`);
  }
  const sliceLength = ni * nj;
  // Int16 when every slice fits (CT, most MR, uint8 NIfTI): half the memory of Float32 and a smaller texture.
  // (A holder object: TypeScript does not follow assignments made inside the closure below.)
  const grid: { voxels: Int16Array | Float32Array | null } = { voxels: null };
  const place = (pixels: ArrayLike<number>, k: number): void => {
    const fitsInt16 = pixels instanceof Int16Array || pixels instanceof Uint8Array;
    grid.voxels ??= fitsInt16 ? new Int16Array(sliceLength * nk) : new Float32Array(sliceLength * nk);
    if (grid.voxels instanceof Int16Array && !fitsInt16) grid.voxels = Float32Array.from(grid.voxels);
    grid.voxels.set(pixels, k * sliceLength);
  };
  let done = 0;
  let next = 0;
  let modality = info.modality;
  let synthetic = info.provenance === 'synthetic';
  // A few requests in flight keep the host busy without flooding it.
  // A DICOM series already scrolled through as a stack has its frames in Cornerstone's cache: slice k of the
  // volume is frame slices[k] (same grid, same modality units), so only the missing ones are fetched.
  const cachedSlice = (k: number): ArrayLike<number> | null => {
    const s = info.slices[k];
    if (info.kind !== 'dicom-series' || !s) return null;
    const imageId = toImageId({ kind: 'frame', instanceId: s.instanceId, frame: s.frame });
    const image = cache.getImage(imageId);
    if (image && getFrameInfo(imageId)?.provenance === 'synthetic') synthetic = true;
    return image && image.rows === nj && image.columns === ni && image.numberOfComponents === 1 ? image.getPixelData() : null;
  };
  const worker = async (): Promise<void> => {
    while (next < nk) {
      const k = next++;
      const cached = cachedSlice(k);
      if (cached) {
        place(cached, k);
        onProgress?.(++done, nk);
        continue;
      }
      // For a DICOM series slice k is frame slices[k]; fetching the frame skips the host's slice assembly.
      const ref = info.kind === 'dicom-series' ? info.slices[k] : undefined;
      const frame = ref
        ? await client.call('pixels.frame', { instanceId: ref.instanceId, frame: ref.frame })
        : await client.call('pixels.slice', { volumeId: sourceId, axis: 'z', index: k });
      const pixels = framePixels(frame);
      if (frame.geometry.rows !== nj || frame.geometry.columns !== ni) {
        throw new Error(`${sourceId}: slice ${k} is ${frame.geometry.columns}×${frame.geometry.rows}, the volume grid is ${ni}×${nj}`);
      }
      place(pixels, k);
      modality ??= frame.modality;
      if (frame.provenance === 'synthetic') synthetic = true;
      onProgress?.(++done, nk);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, nk) }, worker));
  const scalars = grid.voxels;
  if (!scalars) throw new Error(`${sourceId}: the volume has no slices`);
  const bits = scalars instanceof Int16Array ? 16 : 32;
  const window = info.window ?? autoWindow(scalars);
  const volumeId = cornerstoneVolumeId(sourceId);
  const d = info.direction;
  const metadata: Types.Metadata = {
    BitsAllocated: bits,
    BitsStored: bits,
    SamplesPerPixel: 1,
    HighBit: bits - 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelRepresentation: 1,
    Modality: modality ?? 'OT',
    ImageOrientationPatient: [d[0], d[1], d[2], d[3], d[4], d[5]],
    PixelSpacing: [info.spacing[1], info.spacing[0]],
    FrameOfReferenceUID: `latentrad-${sourceId}`,
    Columns: ni,
    Rows: nj,
    voiLut: [{ windowCenter: window.center, windowWidth: window.width }],
    VOILUTFunction: 'LINEAR',
  };
  volumeLoader.createLocalVolume(volumeId, {
    metadata,
    dimensions: [ni, nj, nk],
    spacing: info.spacing,
    origin: info.origin,
    direction: d as Types.Mat3,
    scalarData: scalars,
  });
  return { volumeId, info, window, synthetic };
}
