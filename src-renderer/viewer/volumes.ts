// Builds 3D volumes for orthographic viewports from the pixel service: the grid from `pixels.volumeInfo` and every
// voxel from one `pixels.volume` answer (or from Cornerstone's cache when the series was scrolled through), so NIfTI
// volumes and DICOM series take the same path.
import { cache, volumeLoader } from '@cornerstonejs/core';
import type { Types } from '@cornerstonejs/core';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import { frameValues } from '../../src-shared/api/pixels.js';
import type { VolumeInfo } from '../../src-shared/api/pixels.js';
import { autoWindow } from '../../src-shared/viewer/windowing.js';
import type { WindowLevel } from '../../src-shared/viewer/windowing.js';
import { toImageId } from '../../src-shared/viewer/imageIds.js';
import { getFrameInfo } from './cornerstone.js';

export interface LoadedVolume {
  volumeId: string;
  info: VolumeInfo;
  window: WindowLevel;
  /** True when the volume or any of its slices comes from a generator (the pane must show the marker). */
  synthetic: boolean;
}

const building = new Map<string, { promise: Promise<LoadedVolume>; built: boolean }>();

// No ':' in the id: Cornerstone treats 'scheme:' ids of a volume's slices as loadable through an image loader.
export const cornerstoneVolumeId = (sourceId: string): string => `latentradVolume_${sourceId.replace(':', '_')}`;

/** Creates (once per source) the volume; `onProgress` gets slices done / total (0 before the voxels arrive). */
export function ensureVolume(client: LatentRadClient, sourceId: string, onProgress?: (done: number, total: number) => void): Promise<LoadedVolume> {
  const existing = building.get(sourceId);
  // The three MPR panes ask at once: they share one build. A built volume is reused while Cornerstone's cache holds it.
  if (existing && (!existing.built || cache.getVolume(cornerstoneVolumeId(sourceId)))) return existing.promise;
  const entry = { promise: build(client, sourceId, onProgress), built: false };
  building.set(sourceId, entry);
  const forget = (): void => {
    if (building.get(sourceId) === entry) building.delete(sourceId);
    // A build that failed before creating the volume left nothing in the cache (removing it would throw).
    if (cache.getVolume(cornerstoneVolumeId(sourceId))) cache.removeVolumeLoadObject(cornerstoneVolumeId(sourceId));
  };
  entry.promise.then(() => {
    entry.built = true;
  }, forget);
  return entry.promise;
}

async function build(client: LatentRadClient, sourceId: string, onProgress?: (done: number, total: number) => void): Promise<LoadedVolume> {
  const info = await client.call('pixels.volumeInfo', { id: sourceId });
  const [ni, nj, nk] = info.dims;
  if (!info.consistent && info.kind === 'dicom-series') {
    throw new Error(`${sourceId} does not form a volume: ${info.reason ?? 'inconsistent slices'}`);
  }
  onProgress?.(0, nk);
  // A series scrolled through as a stack has every frame in Cornerstone's cache: build from those. Otherwise one
  // pixels.volume request brings every voxel: per-slice requests and streaming redraws cost tens of seconds here
  // (software WebGL redraws starve the fetching), one request and one texture upload cost about a second.
  const voxels = fromCache(info) ?? (await fetchVolume(client, sourceId, info));
  const { scalars } = voxels;
  onProgress?.(nk, nk);
  const int16 = scalars instanceof Int16Array;
  const bits = int16 ? 16 : 32;
  // The window from the middle slice when the file states none (NIfTI), as when the slices streamed in.
  const middle = Math.floor((nk - 1) / 2) * ni * nj;
  const window = info.window ?? autoWindow(scalars.subarray(middle, middle + ni * nj));
  const volumeId = cornerstoneVolumeId(sourceId);
  const d = info.direction;
  const metadata: Types.Metadata = {
    BitsAllocated: bits,
    BitsStored: bits,
    SamplesPerPixel: 1,
    HighBit: bits - 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelRepresentation: 1,
    Modality: voxels.modality ?? 'OT',
    ImageOrientationPatient: [d[0], d[1], d[2], d[3], d[4], d[5]],
    PixelSpacing: [info.spacing[1], info.spacing[0]],
    FrameOfReferenceUID: `latentrad-${sourceId}`,
    Columns: ni,
    Rows: nj,
    voiLut: [{ windowCenter: window.center, windowWidth: window.width }],
    VOILUTFunction: 'LINEAR',
  };
  const volume = volumeLoader.createLocalVolume(volumeId, {
    metadata,
    dimensions: [ni, nj, nk],
    spacing: info.spacing,
    origin: info.origin,
    direction: d as Types.Mat3,
    scalarData: scalars,
  });
  // Cornerstone's streaming texture uploads only the slices marked updated: mark them all, once.
  volume.invalidate();
  return { volumeId, info, window, synthetic: voxels.synthetic };
}

interface Voxels {
  scalars: Int16Array | Float32Array;
  modality: string | null;
  synthetic: boolean;
}

/** The whole volume from one pixels.volume answer: int16 when the host found every voxel fits, else float32. */
async function fetchVolume(client: LatentRadClient, sourceId: string, info: VolumeInfo): Promise<Voxels> {
  const volume = await client.call('pixels.volume', { id: sourceId });
  if (volume.dims.some((n, axis) => n !== info.dims[axis])) {
    throw new Error(`${sourceId}: the volume came as ${volume.dims.join('×')}, its grid is ${info.dims.join('×')}`);
  }
  const values = frameValues(volume);
  const scalars = values instanceof Int16Array || values instanceof Float32Array ? values : Float32Array.from(values);
  return { scalars, modality: volume.modality ?? info.modality, synthetic: info.provenance === 'synthetic' || volume.provenance === 'synthetic' };
}

/**
 * A DICOM series whose every frame is in Cornerstone's cache (scrolled through as a stack): slice k of the volume is
 * frame slices[k] (same grid, same modality units), so nothing is fetched. Null when any frame is missing.
 */
function fromCache(info: VolumeInfo): Voxels | null {
  const [ni, nj, nk] = info.dims;
  if (info.kind !== 'dicom-series' || info.slices.length !== nk) return null;
  const frames: Array<ArrayLike<number>> = [];
  let synthetic = info.provenance === 'synthetic';
  for (const s of info.slices) {
    const imageId = toImageId({ kind: 'frame', instanceId: s.instanceId, frame: s.frame });
    const image = cache.getImage(imageId);
    if (!image || image.rows !== nj || image.columns !== ni || image.numberOfComponents !== 1) return null;
    if (getFrameInfo(imageId)?.provenance === 'synthetic') synthetic = true;
    frames.push(image.getPixelData());
  }
  // Int16 when the frames are (CT, most MR): half the memory of Float32 and a smaller texture.
  const int16 = frames.every((f) => f instanceof Int16Array || f instanceof Uint8Array);
  const scalars = int16 ? new Int16Array(ni * nj * nk) : new Float32Array(ni * nj * nk);
  frames.forEach((f, k) => scalars.set(f, k * ni * nj));
  return { scalars, modality: info.modality, synthetic };
}
