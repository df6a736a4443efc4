// Cornerstone3D set-up: one `latentrad:` image loader that fetches every pixel from the main process's pixel
// service (so DICOM codecs run in main, and the renderer needs no codec workers or wasm), plus the metadata
// provider Cornerstone's viewports and tools read geometry from. GPU (WebGL) is used when a context can be
// made; Cornerstone falls back to CPU rendering for stack viewports by itself otherwise.
import { cache, getShouldUseCPURendering, imageLoader, init as initCore, metaData, utilities } from '@cornerstonejs/core';
import type { Types } from '@cornerstonejs/core';
import { init as initTools } from '@cornerstonejs/tools';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import type { Provenance } from '../../src-shared/api/catalog.js';
import type { PixelFrame, SliceGeometry } from '../../src-shared/api/pixels.js';
import { imageIdScheme, parseImageId } from '../../src-shared/viewer/imageIds.js';
import { maxPanes } from '../../src-shared/viewer/layout.js';
import { bitsOfDtype, displayPixels } from './pixels.js';
import type { DisplayPixels } from './pixels.js';
import { registerTools } from './tools.js';

/** What the viewer knows about each loaded image beyond Cornerstone's own fields (for overlays and the marker). */
export interface FrameInfo {
  provenance: Provenance;
  modality: string | null;
  window: PixelFrame['window'];
  windowPresets: PixelFrame['windowPresets'];
  geometry: SliceGeometry;
  photometricInterpretation: string;
  lossy: boolean;
  /** The VOI LUT the pane shows the frame through (its explanation), or null when it windows linearly. */
  voiLut: string | null;
}

const frameInfo = new Map<string, FrameInfo>();
const modules = new Map<string, Record<string, unknown>>();
let client: LatentRadClient | null = null;
let ready: Promise<void> | null = null;

export function getFrameInfo(imageId: string | undefined): FrameInfo | undefined {
  return imageId ? frameInfo.get(imageId) : undefined;
}

async function fetchFrame(imageId: string): Promise<PixelFrame> {
  const ref = parseImageId(imageId);
  if (!ref) throw new Error(`not a LatentRad image id: ${imageId}`);
  if (!client) throw new Error('the viewer is not connected to the pixel service');
  switch (ref.kind) {
    case 'frame':
      return client.call('pixels.frame', { instanceId: ref.instanceId, frame: ref.frame });
    case 'slice':
      return client.call('pixels.slice', { volumeId: ref.volumeId, axis: ref.axis, index: ref.index });
    case 'image':
      return client.call('pixels.image', { imageId: ref.imageId });
    case 'result':
      return client.call('pixels.result', { result: ref.resultId, file: ref.file, index: ref.index, channel: ref.channel });
  }
}

/** Registers the Cornerstone metadata modules of one frame (also used for volume slices built locally). */
export function describeFrame(imageId: string, frame: PixelFrame, display: DisplayPixels): void {
  const g = frame.geometry;
  const [rowSpacing, columnSpacing] = g.pixelSpacing ?? [1, 1];
  const orientation = g.imageOrientationPatient ?? [1, 0, 0, 0, 1, 0];
  const { bitsAllocated, pixelRepresentation } =
    frame.samplesPerPixel === 3 || display.pixels instanceof Uint8Array
      ? { bitsAllocated: 8, pixelRepresentation: 0 }
      : display.voiLut
        ? { bitsAllocated: 16, pixelRepresentation: 0 }
        : bitsOfDtype(frame.dtype);
  frameInfo.set(imageId, {
    provenance: frame.provenance,
    modality: frame.modality,
    window: display.window,
    windowPresets: display.windowPresets,
    geometry: g,
    photometricInterpretation: frame.photometricInterpretation,
    lossy: frame.lossy,
    voiLut: display.voiLut,
  });
  modules.set(imageId, {
    imagePlaneModule: {
      frameOfReferenceUID: g.frameOfReferenceUid ?? `latentrad-${frame.source.id}`,
      rows: g.rows,
      columns: g.columns,
      imageOrientationPatient: orientation,
      rowCosines: orientation.slice(0, 3),
      columnCosines: orientation.slice(3, 6),
      imagePositionPatient: g.imagePositionPatient ?? [0, 0, 0],
      sliceThickness: g.sliceThickness ?? undefined,
      pixelSpacing: [rowSpacing, columnSpacing],
      rowPixelSpacing: rowSpacing,
      columnPixelSpacing: columnSpacing,
      usingDefaultValues: g.pixelSpacing === null,
    },
    imagePixelModule: {
      samplesPerPixel: frame.samplesPerPixel,
      photometricInterpretation: frame.samplesPerPixel === 3 ? 'RGB' : frame.invert ? 'MONOCHROME1' : 'MONOCHROME2',
      rows: g.rows,
      columns: g.columns,
      bitsAllocated,
      bitsStored: bitsAllocated,
      highBit: bitsAllocated - 1,
      pixelRepresentation,
    },
    // The service already applied the rescale: values are modality units, so the LUT is the identity.
    modalityLutModule: { rescaleSlope: 1, rescaleIntercept: 0, rescaleType: frame.rescale.type ?? undefined },
    voiLutModule: { windowCenter: [display.window.center], windowWidth: [display.window.width], voiLUTFunction: 'LINEAR' },
    generalSeriesModule: { modality: frame.modality ?? 'OT' },
    generalImageModule: { lossyImageCompression: frame.lossy ? '01' : '00' },
  });
}

/** Builds a Cornerstone image from a pixel-service frame. */
export function buildImage(imageId: string, frame: PixelFrame): Types.IImage {
  const display = displayPixels(frame);
  const { pixels } = display;
  describeFrame(imageId, frame, display);
  const g = frame.geometry;
  const [rowSpacing, columnSpacing] = g.pixelSpacing ?? [1, 1];
  const color = frame.samplesPerPixel === 3;
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    width: g.columns,
    height: g.rows,
    numberOfComponents: frame.samplesPerPixel,
    scalarData: pixels,
    id: imageId,
  });
  return {
    imageId,
    minPixelValue: color ? 0 : display.min,
    maxPixelValue: color ? 255 : display.max,
    slope: 1,
    intercept: 0,
    windowCenter: display.window.center,
    windowWidth: display.window.width,
    voiLUTFunction: 'LINEAR' as Types.IImage['voiLUTFunction'],
    getPixelData: () => pixels,
    getCanvas: () => {
      throw new Error('getCanvas is not supported for LatentRad images');
    },
    rows: g.rows,
    columns: g.columns,
    height: g.rows,
    width: g.columns,
    color,
    rgba: false,
    numberOfComponents: frame.samplesPerPixel,
    columnPixelSpacing: columnSpacing,
    rowPixelSpacing: rowSpacing,
    sliceThickness: g.sliceThickness ?? undefined,
    invert: frame.invert,
    photometricInterpretation: color ? 'RGB' : frame.invert ? 'MONOCHROME1' : 'MONOCHROME2',
    sizeInBytes: pixels.byteLength,
    dataType: pixels.constructor.name as Types.IImage['dataType'],
    voxelManager,
    preScale: { enabled: true, scaled: true, scalingParameters: { modality: frame.modality ?? undefined, rescaleSlope: 1, rescaleIntercept: 0 } },
    FrameOfReferenceUID: g.frameOfReferenceUid ?? undefined,
  } as Types.IImage;
}

// Cornerstone's loadAndCacheImage does not handle the promise of its cache.putImageLoadObject, which re-throws a load
// failure: every frame that fails would also surface as an uncaught rejection, although the failure is handled (the
// IMAGE_LOAD_ERROR event names it in the pane). Failures of this loader are remembered and only that echo is silenced.
const handledLoadFailures = new WeakSet<object>();

function loadLatentRadImage(imageId: string): { promise: Promise<Types.IImage> } {
  const promise = fetchFrame(imageId)
    .then((frame) => buildImage(imageId, frame))
    .catch((error: unknown) => {
      if (typeof error === 'object' && error !== null) handledLoadFailures.add(error);
      throw error;
    });
  return { promise };
}

function silenceHandledLoadFailure(event: PromiseRejectionEvent): void {
  const reason: unknown = event.reason;
  if (typeof reason === 'object' && reason !== null && handledLoadFailures.has(reason)) event.preventDefault();
}

function metadataProvider(type: string, imageId: string): unknown {
  return modules.get(imageId)?.[type];
}

/** Initialises Cornerstone once per page, with the client every image is fetched through. */
export function initCornerstone(apiClient: LatentRadClient): Promise<void> {
  client = apiClient;
  ready ??= (async () => {
    // One WebGL context per pane at most (Cornerstone's default pool is 7): contexts are scarce (Chromium keeps 16
    // per page) and each holds its own copy of the textures.
    initCore({ rendering: { webGlContextCount: maxPanes }, debug: {} });
    initTools();
    imageLoader.registerImageLoader(imageIdScheme, loadLatentRadImage as unknown as Types.ImageLoaderFn);
    window.addEventListener('unhandledrejection', silenceHandledLoadFailure);
    metaData.addProvider(metadataProvider, 10_000);
    // Plenty for a few series side by side; Cornerstone evicts least-recently-used images beyond it.
    cache.setMaxCacheSize(1024 * 1024 * 1024);
    registerTools();
  })();
  return ready;
}

export function renderingMode(): 'gpu' | 'cpu' {
  return getShouldUseCPURendering() ? 'cpu' : 'gpu';
}

/** Pre-fetches one frame's metadata (needed before building a volume from slices). */
export async function loadFrame(imageId: string): Promise<PixelFrame> {
  return fetchFrame(imageId);
}
