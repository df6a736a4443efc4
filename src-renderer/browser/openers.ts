// Turns catalog rows into viewer display sets: a DICOM series as a stack (or as three orthogonal volume views),
// a NIfTI volume as axial/sagittal/coronal, a folder of 2D images as a stack.
import type { ImageRow, PatientRow, SeriesRow, StudyRow, VolumeRow } from '../../src-shared/api/catalog.js';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import { toImageId } from '../../src-shared/viewer/imageIds.js';
import { orderStack } from '../../src-shared/viewer/stackOrder.js';
import type { DisplaySet, Orientation, StackDisplay, VolumeDisplay } from '../viewer/store.js';
import { viewerStore } from '../viewer/store.js';
import { imageCaption } from './rowText.js';

export function formatDate(date: string | null): string {
  if (!date || !/^\d{8}$/.test(date)) return date ?? '';
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}

export function patientLine(patient: PatientRow | undefined): string {
  if (!patient) return '';
  return [patient.name || '(no name)', patient.patientId && `ID ${patient.patientId}`, patient.sex, patient.birthDate && `b. ${formatDate(patient.birthDate)}`].filter(Boolean).join(' · ');
}

export function studyLine(study: StudyRow | undefined): string {
  if (!study) return '';
  return [study.description || '(no description)', formatDate(study.date), study.accessionNumber && `Acc ${study.accessionNumber}`].filter(Boolean).join(' · ');
}

export function seriesTitle(series: SeriesRow): string {
  return [series.number !== null ? `#${series.number}` : null, series.description || series.modality || 'Series'].filter(Boolean).join(' ');
}

export async function seriesStack(client: LatentRadClient, series: SeriesRow, patient: PatientRow | undefined, study: StudyRow | undefined): Promise<StackDisplay> {
  const { rows } = await client.call('catalog.listInstances', { parent: series.id, limit: 100_000 });
  const displayable = rows.filter((r) => r.displayable);
  if (displayable.length === 0) throw new Error(`${seriesTitle(series)}: no displayable images in this series`);
  const frames = orderStack(displayable);
  const positions = frames.every((f) => f.position !== null) ? frames.map((f) => f.position ?? 0) : undefined;
  return {
    kind: 'stack',
    key: series.id,
    title: seriesTitle(series),
    patient: patientLine(patient),
    study: studyLine(study),
    modality: series.modality,
    provenance: series.provenance,
    imageIds: frames.map((f) => toImageId({ kind: 'frame', instanceId: f.instanceId, frame: f.frame })),
    positions,
  };
}

const orientations: Orientation[] = ['axial', 'sagittal', 'coronal'];

export function volumeViews(base: Omit<VolumeDisplay, 'kind' | 'orientation' | 'key'>): VolumeDisplay[] {
  return orientations.map((orientation) => ({ ...base, kind: 'volume', orientation, key: `${base.sourceId}:${orientation}` }));
}

/** `name`: the file name, with enough folders to tell it from other volumes of the same name (rowText.distinctNames). */
export function niftiViews(volume: VolumeRow, name: string): VolumeDisplay[] {
  return volumeViews({
    sourceId: volume.id,
    title: 'NIfTI volume',
    // A NIfTI header has no patient; its description field is free text written by whatever tool saved it.
    patient: name,
    fileName: name,
    study: `${volume.dims.slice(0, 3).join('×')} · ${volume.voxelSize.slice(0, 3).map((v) => Number(v.toFixed(2))).join('×')} mm`,
    modality: null,
    provenance: volume.provenance,
  });
}

export function imageSetStack(name: string, images: ImageRow[]): StackDisplay {
  return {
    kind: 'stack',
    key: `images:${images[0]?.id ?? name}:${images.length}`,
    title: name,
    patient: `${images.length} image${images.length === 1 ? '' : 's'}`,
    study: '2D images',
    modality: 'OT',
    provenance: images.some((i) => i.provenance === 'synthetic') ? 'synthetic' : 'acquired',
    imageIds: images.map((i) => toImageId({ kind: 'image', imageId: i.id })),
    captions: images.map(imageCaption),
  };
}

export function open(displays: DisplaySet[]): void {
  if (displays.length === 1) viewerStore.open(displays[0]);
  else viewerStore.openAll(displays);
}
