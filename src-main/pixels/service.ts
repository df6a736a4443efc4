// The pixel service: frames of DICOM instances, slices of NIfTI volumes and DICOM series, and 2D images, decoded on
// demand from the catalogued files, with small LRU caches so scrolling a series does not re-read every file.
import { statSync } from 'node:fs';
import type { Axis, PixelFrame, VolumeInfo } from '../../src-shared/api/pixels.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { extractSlice, niftiAffineToLps, planSlice, sortSlices } from '../../src-shared/catalog/geometry.js';
import type { GridAffine } from '../../src-shared/catalog/geometry.js';
import type { Vec3 } from '../../src-shared/math/vectors.js';
import type { AppContext } from '../base/context.js';
import { catalogOf } from '../catalog/service.js';
import type { CatalogService } from '../catalog/service.js';
import { displayableInstances, getImage, getInstance, getVolume, volumeDimsByPath } from '../catalog/queries.js';
import { jsonColumn } from '../catalog/rows.js';
import type { InstanceRecord } from '../catalog/rows.js';
import { decodeFrame, loadDicom } from '../io/dicomPixels.js';
import type { ParsedDicom, StoredArray } from '../io/dicomPixels.js';
import { readNifti } from '../io/nifti.js';
import type { NiftiVolume } from '../io/nifti.js';
import { readRaster } from '../io/raster.js';
import { buildFrame, toModality } from './encode.js';
import type { ModalityArray } from './encode.js';
import { Lru } from './lru.js';
import { decoderReason } from '../io/decodeErrors.js';
import { readModalityLut, readVoiLut } from '../io/dicomLut.js';
import { applyLut } from '../../src-shared/imaging/lut.js';
import type { Lut } from '../../src-shared/imaging/lut.js';

type Provenance = PixelFrame['provenance'];


/** Stored values to modality units: a Modality LUT replaces Rescale Slope/Intercept when present (PS3.3 C.11.1). */
function modalityUnits(stored: StoredArray, parsed: ParsedDicom, modalityLut: Lut | null): ModalityArray {
  return modalityLut ? applyLut(stored, modalityLut) : toModality(stored, parsed.header.rescaleSlope, parsed.header.rescaleIntercept);
}

export class PixelService {
  // Parsed files keep their bytes: bound the cache by size too (a multi-frame file can be hundreds of MB).
  private readonly dicoms = new Lru<string, Promise<ParsedDicom>>(32, 512 * 2 ** 20);
  // Decoded NIfTI volumes (Float32): a few recent ones, up to 1 GiB, so flipping between volumes does not re-inflate.
  private readonly niftis = new Lru<string, Promise<NiftiVolume>>(8, 2 ** 30);
  private readonly stacks = new Lru<string, Promise<{ data: Float32Array; dims: [number, number, number]; provenance: Provenance }>>(1);

  constructor(private readonly catalog: CatalogService) {}

  private async parsed(path: string): Promise<ParsedDicom> {
    let p = this.dicoms.get(path);
    if (!p) {
      p = loadDicom(path).catch((error: unknown) => {
        this.dicoms.delete(path);
        throw new ApiError('bad_input', `${path}: ${(error as Error).message}`);
      });
      let size = 0;
      try {
        size = statSync(path).size;
      } catch {
        // loadDicom reports the missing file
      }
      this.dicoms.set(path, p, size);
    }
    return p;
  }

  async frame(instanceId: string, frame: number): Promise<PixelFrame> {
    const row = getInstance(this.catalog.db, instanceId);
    const path = row.path;
    if (row.displayable !== 1) throw new ApiError('bad_input', `${instanceId} (${path}) has no displayable image (SOP class ${row.sop_class_uid ?? 'unknown'})`);
    const parsed = await this.parsed(path);
    const h = parsed.header;
    let decoded;
    try {
      decoded = await decodeFrame(parsed, frame);
    } catch (error) {
      throw new ApiError('bad_input', `${path}: frame ${frame}: ${decoderReason(error, 'the image codec failed on damaged compressed data')}`);
    }
    const colour = decoded.samplesPerPixel === 3;
    const luts = colour ? { modality: null, voi: null } : this.luts(parsed, path);
    const data: ModalityArray = colour ? decoded.data : modalityUnits(decoded.data, parsed, luts.modality);
    return buildFrame({
      source: { id: instanceId, frame },
      provenance: dicomProvenance(parsed),
      modality: h.modality,
      geometry: {
        rows: decoded.rows, columns: decoded.columns, pixelSpacing: h.pixelSpacing,
        imagePositionPatient: h.framePositions?.[frame] ?? h.imagePositionPatient, imageOrientationPatient: h.imageOrientationPatient,
        sliceThickness: h.sliceThickness, frameOfReferenceUid: h.frameOfReferenceUid,
      },
      samplesPerPixel: decoded.samplesPerPixel,
      photometricInterpretation: h.photometric ?? (colour ? 'RGB' : 'MONOCHROME2'),
      rescale: colour || luts.modality ? { slope: 1, intercept: 0, type: luts.modality?.explanation ?? null } : { slope: h.rescaleSlope, intercept: h.rescaleIntercept, type: h.rescaleType },
      fileWindows: colour ? [] : h.windows,
      voiLut: luts.voi,
      data,
      transferSyntaxUid: h.transferSyntaxUid,
      lossy: h.lossy,
      numberOfFrames: h.frames,
    });
  }

  private luts(parsed: ParsedDicom, path: string): { modality: Lut | null; voi: Lut | null } {
    const signed = parsed.header.pixelRepresentation === 1;
    try {
      const modality = readModalityLut(parsed.dataSet, signed);
      const rescaledSigned = modality === null && (signed || parsed.header.rescaleIntercept < 0 || parsed.header.rescaleSlope < 0);
      return { modality, voi: readVoiLut(parsed.dataSet, rescaledSigned) };
    } catch (error) {
      throw new ApiError('bad_input', `${path}: ${(error as Error).message}`);
    }
  }

  async image(imageId: string): Promise<PixelFrame> {
    const row = getImage(this.catalog.db, imageId);
    let raster;
    try {
      raster = await readRaster(row.path);
    } catch (error) {
      throw new ApiError('bad_input', (error as Error).message);
    }
    return buildFrame({
      source: { id: imageId },
      // A PNG marked synthetic in its tEXt stays synthetic even if the catalog row says otherwise.
      provenance: raster.synthetic || row.provenance === 'synthetic' ? 'synthetic' : 'acquired',
      modality: null,
      geometry: { rows: raster.rows, columns: raster.columns, pixelSpacing: null, imagePositionPatient: null, imageOrientationPatient: null, sliceThickness: null, frameOfReferenceUid: null },
      samplesPerPixel: raster.channels,
      photometricInterpretation: raster.channels === 3 ? 'RGB' : 'MONOCHROME2',
      rescale: { slope: 1, intercept: 0, type: null },
      fileWindows: [],
      data: raster.data,
      transferSyntaxUid: null,
      lossy: row.format === 'jpeg',
      numberOfFrames: 1,
    });
  }

  private nifti(path: string): Promise<NiftiVolume> {
    let p = this.niftis.get(path);
    if (!p) {
      p = readNifti(path).catch((error: unknown) => {
        this.niftis.delete(path);
        throw error;
      });
      // Weight from the catalogued grid (4 bytes per voxel); unknown until parsed, so estimate from the header row.
      const voxels = (jsonColumn<number[]>(volumeDimsByPath(this.catalog.db, path)) ?? []).reduce((a, b) => a * b, 1);
      this.niftis.set(path, p, voxels * 4);
    }
    return p;
  }

  /** The ordered frames and grid of a DICOM series (one entry per frame of every displayable instance). */
  private seriesStack(seriesId: string): { frames: Array<{ instanceId: string; frame: number; row: InstanceRecord; position: Vec3 | null }>; info: ReturnType<typeof sortSlices> } {
    const rows = displayableInstances(this.catalog.db, seriesId);
    if (rows.length === 0) throw new ApiError('bad_input', `${seriesId} has no displayable instances`);
    const frames = rows.flatMap((row) => {
      const n = row.frames;
      const positions = jsonColumn<Vec3[]>(row.frame_positions);
      return Array.from({ length: n }, (_, f) => ({ instanceId: `instance:${row.id}`, frame: f, row, position: positions?.[f] ?? (f === 0 || n === 1 ? jsonColumn<Vec3>(row.image_position) : null) }));
    });
    const info = sortSlices(frames.map((f, key) => ({
      key, position: f.position, orientation: jsonColumn<number[]>(f.row.image_orientation), rows: f.row.rows ?? 0, columns: f.row.columns ?? 0, pixelSpacing: jsonColumn<number[]>(f.row.pixel_spacing),
    })));
    return { frames: info.order.map((k) => frames[k]), info };
  }

  async volumeInfo(id: string): Promise<VolumeInfo> {
    if (id.startsWith('volume:')) {
      const row = getVolume(this.catalog.db, id);
      const all = jsonColumn<number[]>(row.dims) ?? [1, 1, 1];
      const dims: [number, number, number] = [all[0] ?? 1, all[1] ?? 1, all[2] ?? 1];
      const grid = niftiAffineToLps(jsonColumn<number[]>(row.affine) ?? []);
      // Describe the grid exactly as pixels.slice(z, k) delivers it (display flips included), so stacking the
      // z slices in k order with this origin and direction reproduces the patient geometry.
      const plan = planSlice(dims, grid, 'z', 0);
      const iop = plan.imageOrientationPatient;
      const kStep = Math.hypot(...grid.axes[2]) || 1;
      return {
        id, kind: 'nifti', provenance: row.provenance, modality: null,
        dims, spacing: [plan.pixelSpacing[1], plan.pixelSpacing[0], kStep], origin: plan.imagePositionPatient,
        direction: [...iop, ...grid.axes[2].map((v) => v / kStep)],
        consistent: true, reason: null, slices: [], window: null,
      };
    }
    const { frames, info } = this.seriesStack(id);
    const first = frames[0].row;
    const affine = info.affine;
    const axes = affine?.axes ?? [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const wc = first.window_center;
    const ww = first.window_width;
    // The first instance's Synthetic Data decides here (a header read, cached); every frame then says its own, and
    // the viewer marks the whole volume as soon as any frame it loads is synthetic.
    const provenance = dicomProvenance(await this.parsed(first.path));
    return {
      id, kind: 'dicom-series', provenance, modality: first.modality,
      dims: [first.columns ?? 0, first.rows ?? 0, frames.length],
      spacing: [Math.hypot(...axes[0]), Math.hypot(...axes[1]), info.consistent ? info.spacing : 1],
      origin: affine?.origin ?? frames[0].position ?? [0, 0, 0],
      direction: axes.flatMap((a) => { const n = Math.hypot(...a) || 1; return a.map((v) => v / n); }),
      consistent: info.consistent, reason: info.reason,
      slices: frames.map((f) => ({ instanceId: f.instanceId, frame: f.frame, imagePositionPatient: f.position, sliceLocation: f.row.slice_location })),
      window: wc !== null && ww !== null && ww > 0 ? { center: wc, width: ww, source: 'file' } : null,
    };
  }

  async slice(id: string, axis: Axis, index: number): Promise<PixelFrame> {
    if (id.startsWith('series:')) return this.seriesSlice(id, axis, index);
    const row = getVolume(this.catalog.db, id);
    const vol = await this.nifti(row.path);
    const dims: [number, number, number] = [vol.dims[0] ?? 1, vol.dims[1] ?? 1, vol.dims[2] ?? 1];
    return this.cut(id, vol.data, dims, niftiAffineToLps(vol.affine), axis, index, {
      provenance: row.provenance, modality: null, windows: [], frameOfReferenceUid: null,
    });
  }

  /**
   * A DICOM series as one voxel grid in modality units: i = column, j = row, k = frame in slice order along the
   * normal (i fastest), with its LPS affine. Kept for the last series (reslicing and dataset builds both read it
   * whole). Refused when the frames do not form a regular grid or are colour.
   */
  async seriesVolume(id: string): Promise<{ data: Float32Array; dims: [number, number, number]; affine: GridAffine; provenance: Provenance }> {
    const { frames, info } = this.seriesStack(id);
    if (!info.consistent || !info.affine) throw new ApiError('bad_input', `${id} is not a regular volume: ${info.reason}`);
    const first = frames[0].row;
    const dims: [number, number, number] = [first.columns ?? 0, first.rows ?? 0, frames.length];
    let stack = this.stacks.get(id);
    if (!stack) {
      stack = (async () => {
        const data = new Float32Array(dims[0] * dims[1] * dims[2]);
        let provenance: Provenance = 'acquired';
        // Straight from the decoder (no base64 round trip): this loop is the whole cost of the first reslice.
        for await (const { k, values, synthetic } of this.greyFrames(id, frames, 'resliced')) {
          // One synthetic instance makes every reslice through the series synthetic.
          if (synthetic) provenance = 'synthetic';
          data.set(values, k * dims[0] * dims[1]);
        }
        return { data, dims, provenance };
      })().catch((error: unknown) => {
        // A failed decode must not stay cached as this series' volume.
        this.stacks.delete(id);
        throw error;
      });
      this.stacks.set(id, stack);
    }
    const built = await stack;
    return { data: built.data, dims, affine: info.affine, provenance: built.provenance };
  }

  /** A series' frames in slice order decoded to modality units (grey only: `use` says what a colour one cannot be). */
  private async *greyFrames(id: string, frames: Array<{ frame: number; row: InstanceRecord }>, use: string): AsyncGenerator<{ k: number; values: ModalityArray; synthetic: boolean }> {
    for (let k = 0; k < frames.length; k++) {
      const path = frames[k].row.path;
      const parsed = await this.parsed(path);
      const f = await decodeFrame(parsed, frames[k].frame);
      if (f.samplesPerPixel !== 1) throw new ApiError('bad_input', `${id}: colour series cannot be ${use}`);
      yield { k, values: modalityUnits(f.data, parsed, this.luts(parsed, path).modality), synthetic: dicomProvenance(parsed) === 'synthetic' };
    }
  }

  /**
   * Every voxel, laid out as volumeInfo describes the grid: a series' frames in slice order, or a NIfTI volume's z
   * slices exactly as pixels.slice delivers them (display flips included). Modality units (int16 when a series fits, else
   * float32), i fastest.
   */
  async voxels(id: string): Promise<{ data: Int16Array | Float32Array; dims: [number, number, number]; provenance: Provenance; modality: string | null }> {
    if (id.startsWith('series:')) {
      const { frames } = this.seriesStack(id);
      const first = frames[0].row;
      refuseHugeVolume(id, first.path, [first.columns ?? 0, first.rows ?? 0, frames.length]);
      const modality = first.modality;
      const direct = await this.seriesInt16(id);
      if (direct) return { ...direct, modality };
      const { data, dims, provenance } = await this.seriesVolume(id);
      return { data, dims, provenance, modality };
    }
    const row = getVolume(this.catalog.db, id);
    // The catalogued size first: a volume too large to hold is refused before its file is even read.
    const listed = JSON.parse(row.dims) as number[];
    refuseHugeVolume(id, row.path, [listed[0] ?? 1, listed[1] ?? 1, listed[2] ?? 1]);
    const vol = await this.nifti(row.path);
    const dims: [number, number, number] = [vol.dims[0] ?? 1, vol.dims[1] ?? 1, vol.dims[2] ?? 1];
    refuseHugeVolume(id, row.path, dims);
    const grid = niftiAffineToLps(vol.affine);
    const data = new Float32Array(dims[0] * dims[1] * dims[2]);
    const plane = dims[0] * dims[1];
    for (let k = 0; k < dims[2]; k++) extractSlice(vol.data, planSlice(dims, grid, 'z', k), data.subarray(k * plane, (k + 1) * plane));
    return { data, dims, provenance: row.provenance, modality: null };
  }

  /**
   * A regular grey series straight into one int16 grid when every frame's modality values are whole numbers that fit
   * (most CT and MR): one allocation, no float32 grid (allocating and faulting in large buffers is most of the cost on
   * a small machine). Null as soon as a frame does not fit; the caller then takes the float32 grid.
   */
  private async seriesInt16(id: string): Promise<{ data: Int16Array; dims: [number, number, number]; provenance: Provenance } | null> {
    const { frames, info } = this.seriesStack(id);
    if (!info.consistent || !info.affine) throw new ApiError('bad_input', `${id} is not a regular volume: ${info.reason}`);
    const first = frames[0].row;
    const dims: [number, number, number] = [first.columns ?? 0, first.rows ?? 0, frames.length];
    const plane = dims[0] * dims[1];
    const data = new Int16Array(plane * dims[2]);
    let provenance: Provenance = 'acquired';
    for await (const { k, values, synthetic } of this.greyFrames(id, frames, 'shown as a volume')) {
      if (synthetic) provenance = 'synthetic';
      if (values.length !== plane) throw new ApiError('bad_input', `${frames[k].row.path}: frame ${frames[k].frame} holds ${values.length} values, the series grid ${dims[0]}×${dims[1]}`);
      if (!(values instanceof Int16Array || values instanceof Uint8Array || values instanceof Int8Array)) {
        if (!(values instanceof Uint16Array)) return null;
        for (let i = 0; i < values.length; i++) if (values[i] > 32767) return null;
      }
      data.set(values, k * plane);
    }
    return { data, dims, provenance };
  }

  private async seriesSlice(id: string, axis: Axis, index: number): Promise<PixelFrame> {
    const { frames, info } = this.seriesStack(id);
    if (axis === 'z') {
      if (index >= frames.length) throw new ApiError('bad_input', `${id}: slice ${index} out of range (0–${frames.length - 1})`);
      return this.frame(frames[index].instanceId, frames[index].frame).then((f) => ({ ...f, source: { id, axis, index } }));
    }
    if (!info.consistent || !info.affine) throw new ApiError('bad_input', `${id} cannot be resliced along ${axis}: ${info.reason}`);
    const { data, dims, affine, provenance } = await this.seriesVolume(id);
    const first = frames[0].row;
    const wc = first.window_center;
    const ww = first.window_width;
    return this.cut(id, data, dims, affine, axis, index, {
      provenance, modality: first.modality, windows: wc !== null && ww !== null && ww > 0 ? [[wc, ww]] : [], frameOfReferenceUid: null,
    });
  }

  private cut(id: string, data: Float32Array, dims: [number, number, number], affine: GridAffine, axis: Axis, index: number, meta: { provenance: PixelFrame['provenance']; modality: string | null; windows: Array<[number, number]>; frameOfReferenceUid: string | null }): PixelFrame {
    const through = axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
    if (index >= dims[through]) throw new ApiError('bad_input', `${id}: slice ${index} along ${axis} out of range (0–${dims[through] - 1})`);
    const plan = planSlice(dims, affine, axis, index);
    const out = extractSlice(data, plan, new Float32Array(plan.rows * plan.columns));
    return buildFrame({
      source: { id, axis, index }, provenance: meta.provenance, modality: meta.modality,
      geometry: { rows: plan.rows, columns: plan.columns, pixelSpacing: plan.pixelSpacing, imagePositionPatient: plan.imagePositionPatient, imageOrientationPatient: plan.imageOrientationPatient, sliceThickness: plan.sliceThickness, frameOfReferenceUid: meta.frameOfReferenceUid },
      samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', rescale: { slope: 1, intercept: 0, type: null }, fileWindows: meta.windows,
      data: out, transferSyntaxUid: null, lossy: false, numberOfFrames: dims[through],
    });
  }
}

/** The context's pixel service: one per catalog, so the viewer and dataset builds share its caches. */
export const pixelsOf = (ctx: AppContext): PixelService => ctx.service('pixels', () => new PixelService(catalogOf(ctx)));

/** Synthetic Data (0008,001C) = YES marks a generated image, from any tool (the catalog reads the same tag at import). */
function dicomProvenance(parsed: ParsedDicom): Provenance {
  return parsed.header.synthetic ? 'synthetic' : 'acquired';
}

/**
 * Whole volumes above this many voxels are refused before anything is allocated: 2^28 voxels is 1 GiB as float32 in
 * the host plus its copy in the renderer, beyond what a workstation's 3D texture (2048 per side at most) shows anyway.
 */
export const maxVolumeVoxels = 2 ** 28;

export function refuseHugeVolume(id: string, path: string, dims: readonly [number, number, number]): void {
  const n = dims[0] * dims[1] * dims[2];
  if (n > maxVolumeVoxels) {
    throw new ApiError('bad_input', `${path} (${id}): ${dims.join('×')} = ${(n / 1e6).toFixed(0)} M voxels is more than a volume can hold in memory here (${maxVolumeVoxels / 2 ** 20} Mi voxels); open it as a stack or slice by slice instead`);
  }
}
