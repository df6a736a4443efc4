// Writes derived, synthetic DICOM instances with dcmjs: Secondary Capture, 16-bit with rescale, Synthetic Data
// (0008,001C) = YES, ImageType DERIVED\SECONDARY, new UIDs, and the source referenced when there is one.
import { randomBytes } from 'node:crypto';
import dcmjs from 'dcmjs';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

export const secondaryCaptureSopClass = '1.2.840.10008.5.1.4.1.1.7';
const explicitVrLittleEndian = '1.2.840.10008.1.2.1';

/** A new UID under the 2.25 root (a random 128-bit integer, as DICOM PS3.5 B.2 allows). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString()}`;
}

export interface SyntheticInstance {
  studyUid: string;
  seriesUid: string;
  frameOfReferenceUid: string;
  patientId: string;
  patientName: string;
  seriesDescription: string;
  seriesNumber: number;
  instanceNumber: number;
  /** Says what the image is (synthetic, α, slice position). */
  imageComments: string;
  derivationDescription: string;
  rows: number;
  columns: number;
  /** Model-scale values; stored as uint16 with RescaleSlope/Intercept that map back to them. */
  values: Float32Array;
  /** [lo, hi] shared by every instance of the series, so one window fits all. */
  range: [number, number];
  /** The source instance (DICOM source) or series, referenced in SourceImageSequence / ReferencedSeriesSequence. */
  source?: { studyUid?: string; seriesUid?: string; sopClassUid?: string; sopInstanceUid?: string };
}

export function encodeSyntheticInstance(inst: SyntheticInstance): ArrayBuffer {
  const [lo, hi] = inst.range;
  const span = hi > lo ? hi - lo : 1;
  const pixels = new Uint16Array(inst.values.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(((inst.values[i] - lo) / span) * 4095);
  const sopInstanceUid = newUid();
  const now = new Date().toISOString();
  const dataset: Record<string, unknown> = {
    SOPClassUID: secondaryCaptureSopClass,
    SOPInstanceUID: sopInstanceUid,
    ImageType: ['DERIVED', 'SECONDARY'],
    SyntheticData: 'YES',
    Modality: 'OT',
    ConversionType: 'SYN',
    ContentDate: now.slice(0, 10).replace(/-/g, ''),
    ContentTime: now.slice(11, 19).replace(/:/g, ''),
    Manufacturer: 'LatentRad',
    PatientID: inst.patientId,
    PatientName: inst.patientName,
    StudyInstanceUID: inst.studyUid,
    SeriesInstanceUID: inst.seriesUid,
    FrameOfReferenceUID: inst.frameOfReferenceUid,
    StudyDescription: 'LatentRad edit series (SYNTHETIC)',
    SeriesDescription: inst.seriesDescription,
    SeriesNumber: String(inst.seriesNumber),
    InstanceNumber: String(inst.instanceNumber),
    ImageComments: inst.imageComments,
    DerivationDescription: inst.derivationDescription.slice(0, 1024),
    BurnedInAnnotation: 'NO',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: inst.rows,
    Columns: inst.columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    RescaleIntercept: String(Number(lo.toPrecision(8))),
    RescaleSlope: String(Number((span / 4095).toPrecision(8))),
    RescaleType: 'US',
    WindowCenter: String(Number(((lo + hi) / 2).toPrecision(8))),
    WindowWidth: String(Number(span.toPrecision(8))),
    PixelData: pixels.buffer,
    _vrMap: { PixelData: 'OW' },
  };
  const src = inst.source;
  if (src?.seriesUid) dataset.ReferencedSeriesSequence = [{ SeriesInstanceUID: src.seriesUid, ...(src.studyUid ? { StudyInstanceUID: src.studyUid } : {}) }];
  if (src?.sopInstanceUid && src.sopClassUid) dataset.SourceImageSequence = [{ ReferencedSOPClassUID: src.sopClassUid, ReferencedSOPInstanceUID: src.sopInstanceUid }];
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: secondaryCaptureSopClass,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: explicitVrLittleEndian,
    ImplementationClassUID: '2.25.302043520929883127459311298428012917585',
    ImplementationVersionName: 'LATENTRAD',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return dict.write();
}
