// Builds 3D volumes for orthographic viewports from the pixel service: the grid from `pixels.volumeInfo`
// and the voxels from its axial slices (k = 0…n−1), so NIfTI volumes and DICOM series take the same path.
// Slices stream into the volume while the planes are already shown (see ensureVolume).
import { cache, utilities, volumeLoader } from '@cornerstonejs/core';
import type { Types } from '@cornerstonejs/core';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import type { VolumeInfo } from '../../src-shared/api/pixels.js';
import { autoWindow } from '../../src-shared/viewer/windowing.js';
import type { WindowLevel } from '../../src-shared/viewer/windowing.js';
import { toImageId } from '../../src-shared/viewer/imageIds.js';
import { middleOut } from '../../src-shared/viewer/streamOrder.js';
import { getFrameInfo } from './cornerstone.js';
import { framePixels } from './pixels.js';

export interface LoadedVolume {
  volumeId: string;
  info: VolumeInfo;
  window: WindowLevel;
  /**
   * True when the volume or any of its slices comes from a generator (the pane must show the marker). Slices still
   * streaming in can turn it on, so read it at each render.
   */
  synthetic: boolean;
  /** Settles when every slice is in the volume (the planes are shown, and refreshed, before that). */
  complete: Promise<void>;
}

const building = new Map<string, Promise<LoadedVolume>>();

// No ':' in the id: Cornerstone treats 'scheme:' ids of a volume's slices as loadable through an image loader.
export const cornerstoneVolumeId = (sourceId: string): string => `latentradVolume_${sourceId.replace(':', '_')}`;

/**
 * Creates (once per source) the volume as soon as its middle slice is in, and resolves then, so the planes show
 * at once; the other slices stream in middle-out and the planes showing the volume are redrawn as they land.
 * `onProgress` gets slices done / total until the volume is created.
 */
export function ensureVolume(client: LatentRadClient, sourceId: string, onProgress?: (done: number, total: number) => void): Promise<LoadedVolume> {
  const existing = building.get(sourceId);
  if (existing && cache.getVolume(cornerstoneVolumeId(sourceId))) return existing;
  const promise = build(client, sourceId, onProgress);
  building.set(sourceId, promise);
  const forget = (): void => {
    building.delete(sourceId);
    cache.removeVolumeLoadObject(cornerstoneVolumeId(sourceId));
  };
  promise.then((loaded) => loaded.complete.catch(forget), forget);
  return promise;
}

// Newly landed slices are uploaded and the planes redrawn at most this often while a volume streams in, and never
// more than a quarter of the time: software WebGL redraws take hundreds of ms, and redrawing every 150 ms made a
// 176-slice MR take 89 s to complete instead of 34 s (the redraws starve the fetching on the same thread).
const refreshMs = 1000;
const refreshShare = 0.25;

async function build(client: LatentRadClient, sourceId: string, onProgress?: (done: number, total: number) => void): Promise<LoadedVolume> {
  const info = await client.call('pixels.volumeInfo', { id: sourceId });
  const [ni, nj, nk] = info.dims;
  if (!info.consistent && info.kind === 'dicom-series') {
    throw new Error(`${sourceId} does not form a volume: ${info.reason ?? 'inconsistent slices'}`);
  }
  const sliceLength = ni * nj;
  let modality = info.modality;
  let synthetic = info.provenance === 'synthetic';
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
  const fetchSlice = async (k: number): Promise<ArrayLike<number>> => {
    const cached = cachedSlice(k);
    if (cached) return cached;
    // For a DICOM series slice k is frame slices[k]; fetching the frame skips the host's slice assembly.
    const ref = info.kind === 'dicom-series' ? info.slices[k] : undefined;
    const frame = ref
      ? await client.call('pixels.frame', { instanceId: ref.instanceId, frame: ref.frame })
      : await client.call('pixels.slice', { volumeId: sourceId, axis: 'z', index: k });
    if (frame.geometry.rows !== nj || frame.geometry.columns !== ni) {
      throw new Error(`${sourceId}: slice ${k} is ${frame.geometry.columns}×${frame.geometry.rows}, the volume grid is ${ni}×${nj}`);
    }
    modality ??= frame.modality;
    if (frame.provenance === 'synthetic') synthetic = true;
    return framePixels(frame);
  };

  const order = middleOut(nk);
  const first = await fetchSlice(order[0]);
  onProgress?.(1, nk);
  // Int16 when the slices fit (CT, most MR, uint8 NIfTI): half the memory of Float32 and a smaller texture. The
  // middle slice decides; a later slice that does not fit is refused with its index rather than clipped.
  const int16 = first instanceof Int16Array || first instanceof Uint8Array;
  const scalars = int16 ? new Int16Array(sliceLength * nk) : new Float32Array(sliceLength * nk);
  const place = (pixels: ArrayLike<number>, k: number): void => {
    if (int16 && !(pixels instanceof Int16Array || pixels instanceof Uint8Array)) {
      for (let i = 0; i < pixels.length; i++) {
        if (pixels[i] < -32768 || pixels[i] > 32767) throw new Error(`${sourceId}: slice ${k} holds ${pixels[i]}, outside the 16-bit range of the other slices`);
      }
    }
    scalars.set(pixels, k * sliceLength);
  };
  place(first, order[0]);
  const bits = int16 ? 16 : 32;
  // The window from the middle slice: it shows while the rest streams in, and a file's own window wins anyway.
  const window = info.window ?? autoWindow(first);
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
  const volume = volumeLoader.createLocalVolume(volumeId, {
    metadata,
    dimensions: [ni, nj, nk],
    spacing: info.spacing,
    origin: info.origin,
    direction: d as Types.Mat3,
    scalarData: scalars,
  });
  const loaded: LoadedVolume = { volumeId, info, window, synthetic, complete: Promise.resolve() };

  // The rest streams in, a few requests in flight (enough to keep the host busy without flooding it). Landed slices
  // are uploaded as changed texture frames and the planes redrawn every refreshMs.
  const landed: number[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    const started = performance.now();
    if (landed.length > 0) {
      for (const k of landed.splice(0)) volume.vtkOpenGLTexture.setUpdatedFrame(k);
      volume.imageData?.modified();
      loaded.synthetic = synthetic;
      for (const viewport of utilities.getViewportsWithVolumeId(volumeId)) viewport.render();
    }
    return void (timer = setTimeout(flush, Math.max(refreshMs, (performance.now() - started) / refreshShare)));
  };
  let next = 1;
  const worker = async (): Promise<void> => {
    while (next < nk) {
      const k = order[next++];
      place(await fetchSlice(k), k);
      landed.push(k);
    }
  };
  timer = setTimeout(flush, refreshMs);
  loaded.complete = Promise.all(Array.from({ length: Math.min(4, nk - 1) }, worker)).then(
    () => {
      flush();
      clearTimeout(timer);
    },
    (error: unknown) => {
      clearTimeout(timer);
      throw error;
    },
  );
  return loaded;
}
