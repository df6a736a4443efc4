// A stand-in catalog + pixel service for viewer tests while the real one is unavailable (and for checking the
// viewer against exactly known geometry): one NIfTI file served as a volume AND as an MR "DICOM" series of its
// axial slices, plus one synthetic 2D image. Pixels follow the contract (modality units, little-endian bytes, LPS geometry).
import type { Handlers } from '../../src-main/base/handler.js';
import { readNifti } from '../../src-main/io/nifti.js';
import type { NiftiVolume } from '../../src-main/io/nifti.js';
import type { PixelFrame, SliceGeometry, VolumeInfo } from '../../src-shared/api/pixels.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { labelsFromImageOrientation } from '../../src-shared/viewer/orientation.js';
import { autoWindow } from '../../src-shared/viewer/windowing.js';

type V3 = [number, number, number];

export interface FakeGeometry {
  dims: V3;
  spacing: V3;
  origin: V3;
  /** Unit vectors of i, j, k in LPS. */
  axes: [V3, V3, V3];
}

export function niftiToLps(v: NiftiVolume): FakeGeometry {
  const a = v.affine;
  const col = (c: number): V3 => [-a[c], -a[4 + c], a[8 + c]];
  const norm = (x: V3): { unit: V3; length: number } => {
    const length = Math.hypot(...x) || 1;
    return { unit: [x[0] / length, x[1] / length, x[2] / length], length };
  };
  const [i, j, k] = [norm(col(0)), norm(col(1)), norm(col(2))];
  return { dims: [v.dims[0], v.dims[1], v.dims[2] ?? 1], spacing: [i.length, j.length, k.length], origin: col(3), axes: [i.unit, j.unit, k.unit] };
}

function toInt16Bytes(values: Float32Array): { data: Uint8Array<ArrayBuffer>; min: number; max: number } {
  const out = new Int16Array(values.length);
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < values.length; n++) {
    const v = Math.max(-32768, Math.min(32767, Math.round(values[n])));
    out[n] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { data: new Uint8Array(out.buffer), min, max };
}

export async function fakeCatalogHandlers(niftiPath: string, options: { scale?: number; brokenInstance?: number; syntheticFrames?: boolean; filePresets?: PixelFrame['windowPresets'] } = {}): Promise<Partial<Handlers>> {
  const volume = await readNifti(niftiPath);
  const scale = options.scale ?? 1;
  const g = niftiToLps(volume);
  const [ni, nj, nk] = g.dims;
  const windowAll = autoWindow(volume.data.subarray(0, ni * nj * nk).map((x) => x * scale));

  const slice = (axis: 'x' | 'y' | 'z', index: number): { values: Float32Array; geometry: SliceGeometry } => {
    // z: rows j, columns i; y: rows k, columns i; x: rows k, columns j (rows run downwards = −k for x/y would
    // be nicer on screen, but the contract only asks for consistent geometry).
    const [rowsAxis, colsAxis, fixedAxis] = axis === 'z' ? [1, 0, 2] : axis === 'y' ? [2, 0, 1] : [2, 1, 0];
    const n = g.dims;
    if (index < 0 || index >= n[fixedAxis]) throw new ApiError('bad_input', `${niftiPath}: slice ${index} out of range 0–${n[fixedAxis] - 1}`);
    const rows = n[rowsAxis];
    const columns = n[colsAxis];
    const values = new Float32Array(rows * columns);
    const idx = [0, 0, 0];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) {
        idx[rowsAxis] = r;
        idx[colsAxis] = c;
        idx[fixedAxis] = index;
        values[r * columns + c] = volume.data[idx[0] + ni * (idx[1] + nj * idx[2])] * scale;
      }
    }
    const pos: V3 = [0, 1, 2].map((d) => g.origin[d] + index * g.spacing[fixedAxis] * g.axes[fixedAxis][d]) as V3;
    const rowDir = g.axes[colsAxis];
    const colDir = g.axes[rowsAxis];
    return {
      values,
      geometry: {
        rows,
        columns,
        pixelSpacing: [g.spacing[rowsAxis], g.spacing[colsAxis]],
        imagePositionPatient: pos,
        imageOrientationPatient: [...rowDir, ...colDir],
        sliceThickness: g.spacing[fixedAxis],
        frameOfReferenceUid: '1.2.826.0.1.3680043.9.9999.1',
        orientationLabels: labelsFromImageOrientation(rowDir, colDir),
      },
    };
  };

  const frameOf = (source: PixelFrame['source'], axis: 'x' | 'y' | 'z', index: number, provenance: 'acquired' | 'synthetic', modality: string | null): PixelFrame => {
    const { values, geometry } = slice(axis, index);
    const { data, min, max } = toInt16Bytes(values);
    return {
      source, provenance, modality, geometry, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2', invert: false,
      rescale: { slope: 1, intercept: 0, type: null }, window: { ...windowAll, source: 'auto' }, windowPresets: options.filePresets ?? [], min, max, dtype: 'int16', data,
      transferSyntaxUid: null, lossy: false, numberOfFrames: 1,
    };
  };

  const labels = {};
  const patient = { id: 'patient:1', patientId: 'FAKE-1', name: 'Fake^Patient', birthDate: '19700101', sex: 'F', studyCount: 1, labels };
  const study = { id: 'study:1', patient: 'patient:1', studyInstanceUid: '1.2.3', date: '20240102', time: null, description: 'Brain MR (fake)', accessionNumber: 'A1', modalities: ['MR'], seriesCount: 1, instanceCount: nk, provenance: 'acquired' as const, labels };
  const series = { id: 'series:1', study: 'study:1', seriesInstanceUid: '1.2.3.4', number: 3, modality: 'MR', description: 'T1 axial (fake)', bodyPart: 'BRAIN', instanceCount: nk, frameCount: nk, displayable: true, provenance: 'acquired' as const, labels: { class: 'demo' } };
  const instances = Array.from({ length: nk }, (_, k) => {
    const { geometry } = slice('z', k);
    return {
      id: `instance:${k + 1}`, series: 'series:1', sopInstanceUid: `1.2.3.4.${k + 1}`, sopClassUid: null, instanceNumber: k + 1, path: `/fake/${k + 1}.dcm`, frames: 1,
      transferSyntaxUid: '1.2.840.10008.1.2.1', rows: geometry.rows, columns: geometry.columns, pixelSpacing: geometry.pixelSpacing, imagePositionPatient: geometry.imagePositionPatient,
      imageOrientationPatient: geometry.imageOrientationPatient, sliceLocation: null, sliceThickness: geometry.sliceThickness, rescaleSlope: 1, rescaleIntercept: 0, windowCenter: null,
      windowWidth: null, photometricInterpretation: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1, samplesPerPixel: 1, modality: 'MR', displayable: true, provenance: 'acquired' as const, labels,
    };
  });
  const volumeRow = {
    id: 'volume:1', path: niftiPath, format: volume.format, dims: volume.dims, voxelSize: volume.voxelSize, datatype: volume.datatype, affine: volume.affine,
    affineSource: volume.affineSource, description: volume.description, provenance: 'acquired' as const, labels,
  };
  const imageRow = { id: 'image:1', path: '/fake/synthetic/generated_0001.png', format: 'png' as const, rows: nj, columns: ni, channels: 1, bitDepth: 16, provenance: 'synthetic' as const, labels };
  const info = (id: string, kind: VolumeInfo['kind']): VolumeInfo => ({
    id, kind, provenance: 'acquired', modality: kind === 'nifti' ? null : 'MR', dims: g.dims, spacing: g.spacing, origin: g.origin, direction: [...g.axes[0], ...g.axes[1], ...g.axes[2]],
    consistent: true, reason: null, slices: kind === 'nifti' ? [] : instances.map((i) => ({ instanceId: i.id, frame: 0, imagePositionPatient: i.imagePositionPatient, sliceLocation: null })),
    window: null,
  });
  const list = <T>(rows: T[]) => ({ rows, total: rows.length });

  return {
    'catalog.listPatients': () => list([patient]),
    'catalog.listStudies': () => list([study]),
    'catalog.listSeries': () => list([series]),
    'catalog.listInstances': () => list(instances),
    'catalog.listVolumes': () => list([volumeRow]),
    'catalog.listImages': () => list([imageRow]),
    'pixels.frame': ({ instanceId, frame }) => {
      const k = Number(instanceId.split(':')[1]) - 1;
      if (!(k >= 0 && k < nk)) throw new ApiError('not_found', `no ${instanceId}`);
      if (k + 1 === options.brokenInstance) throw new ApiError('bad_input', `/fake/${k + 1}.dcm: JPEG 2000 frame does not decode (test fault)`);
      // syntheticFrames: only the pixel answers say "synthetic" (the rows do not), to prove the rule is per image.
      return frameOf({ id: instanceId, frame }, 'z', k, options.syntheticFrames ? 'synthetic' : 'acquired', 'MR');
    },
    'pixels.slice': ({ volumeId, axis, index }) => frameOf({ id: volumeId, axis, index }, axis, index, 'acquired', volumeId.startsWith('series') ? 'MR' : null),
    'pixels.image': ({ imageId }) => frameOf({ id: imageId }, 'z', Math.floor(nk / 2), 'synthetic', 'OT'),
    'pixels.volumeInfo': ({ id }) => info(id, id.startsWith('volume') ? 'nifti' : 'dicom-series'),
    // The z slices stacked, as the real service stacks a series' frames; the same faults as the frames.
    'pixels.volume': ({ id }) => {
      const series = id.startsWith('series');
      if (series && options.brokenInstance !== undefined) throw new ApiError('bad_input', `/fake/${options.brokenInstance}.dcm: JPEG 2000 frame does not decode (test fault)`);
      const all = new Float32Array(ni * nj * nk);
      for (let k = 0; k < nk; k++) all.set(slice('z', k).values, k * ni * nj);
      const { data, min, max } = toInt16Bytes(all);
      return { source: { id }, provenance: series && options.syntheticFrames ? 'synthetic' : 'acquired', modality: series ? 'MR' : null, dims: g.dims, dtype: 'int16', min, max, data };
    },
  };
}
