// What one walked file is, for the importer: DICOM (by content), NIfTI, PNG/JPEG, a sidecar or index to record, a
// label CSV, an error (image data that cannot be imported) or an ignored file (not image data at all).
//
// PACS exports and CD/DVD media carry READMEs, viewer programs, autorun.inf, HTML indexes, Thumbs.db... which
// viewers such as Horos, OHIF and Weasis pass over silently; reporting them as errors would bury the real ones.
// The rule: a file is an error when it claims to be image data and cannot be read — its name has an image
// extension (.dcm .dicom .dic .ima .nii .hdr .img .png .jpg .jpeg .jpe, gzipped NIfTI too), it is named DICOMDIR,
// a DICOMDIR references it, or its content is detected as DICOM but is truncated or corrupt. Any other file whose
// content is none of the formats is ignored. Extensionless files (the usual PACS layout) are therefore judged by
// content alone: a broken DICOM still starts with the DICM preamble or plausible elements and is detected, hence
// an error; a file with neither (a README, LICENSE) looks nothing like DICOM, hence ignored. Hidden files
// (.DS_Store, macOS "._" resource forks named like the .dcm beside them) are ignored without being read.
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { TS, readDicomHeader } from '../io/dicom.js';
import type { DicomHeader } from '../io/dicom.js';
import { pairedImagePath, readNiftiHeader } from '../io/nifti.js';
import { checkDecodedSize } from '../io/bounded.js';
import type { NiftiHeaderInfo } from '../io/nifti.js';
import { readRasterHeader } from '../io/raster.js';
import type { RasterHeader } from '../io/raster.js';
import type { CatalogStore } from './store.js';
import type { WalkedFile } from './walk.js';

export type Inspected =
  | { kind: 'unchanged' | 'sidecar' | 'csv' | 'dicomdir' }
  | { kind: 'dicom'; header: DicomHeader }
  | { kind: 'nifti'; header: NiftiHeaderInfo }
  | { kind: 'image'; header: RasterHeader }
  | { kind: 'error' | 'ignored'; reason: string };

const niftiName = /\.(nii|hdr)(\.gz)?$/i;
const imgName = /\.img(\.gz)?$/i;
const rasterName = /\.(png|jpe?g|jpe)$/i;
const dicomName = /\.(dcm|dicom|dic|ima)$/i;

export const notImageReason = 'not a recognised image file (DICOM, NIfTI, PNG or JPEG)';

/** Why a file must be image data, or null when nothing but its content could have said so. */
function imageClaim(f: WalkedFile, name: string): string | null {
  if (f.dicomdirReference) return 'a DICOMDIR references it';
  if (/^DICOMDIR/i.test(name)) return 'it is named DICOMDIR';
  // NIfTI and .img names never get here (their readers decide), so the extension is a DICOM or raster one.
  return dicomName.test(name) || rasterName.test(name) ? `it is named ${extname(name).toLowerCase()}` : null;
}

/** A file that is none of the formats: an error if it claimed to be image data, else ignored. */
function notRecognised(f: WalkedFile, name: string, reason: string): Inspected {
  const claim = imageClaim(f, name);
  return claim ? { kind: 'error', reason: `${reason} although ${claim}` } : { kind: 'ignored', reason };
}

/** Archives are not opened (a gzipped DICOM, zipped exports): say so, since unpacking them is the user's fix. */
async function compressedReason(f: WalkedFile, name: string): Promise<string> {
  if (!/\.(gz|tgz)$/i.test(name)) return notImageReason;
  const handle = await open(f.path, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b ? 'gzip-compressed file, not opened (unpack it to import what it holds)' : notImageReason;
  } finally {
    await handle.close();
  }
}

export async function inspect(store: CatalogStore, f: WalkedFile): Promise<Inspected> {
  const name = basename(f.path);
  if (name.startsWith('.')) return { kind: 'ignored', reason: 'hidden file' };
  if (store.unchanged(f)) return { kind: 'unchanged' };
  try {
    if (/\.csv$/i.test(name)) return { kind: 'csv' };
    if (niftiName.test(name)) {
      const header = await readNiftiHeader(f.path);
      // Dimensions the pixel service and dataset builder would refuse to decode: say so now, not list a volume that never opens.
      checkDecodedSize('a volume', header.dims, 4);
      return { kind: 'nifti', header };
    }
    if (imgName.test(name)) {
      const hdr = [f.path.replace(imgName, '.hdr'), f.path.replace(imgName, '.hdr.gz')].find((p) => existsSync(p) && pairedImagePath(p) === f.path);
      return hdr ? { kind: 'sidecar' } : { kind: 'error', reason: '.img file without its .hdr header (NIfTI/Analyze pair incomplete)' };
    }
    if (rasterName.test(name)) {
      const header = await readRasterHeader(f.path);
      if (header) return { kind: 'image', header };
    }
    if (f.size === 0) return notRecognised(f, name, 'empty file');
    const dicom = readDicomHeader(f.path, f.size);
    if (dicom) {
      const h = dicom.header;
      if (h.isDicomdir) return { kind: 'dicomdir' };
      if (h.pixelDataEnd !== null && h.pixelDataEnd > f.size && dicom.flavour.kind === 'part10' && h.transferSyntaxUid !== TS.deflate) {
        return { kind: 'error', reason: `truncated DICOM: Pixel Data ends at byte ${h.pixelDataEnd} but the file has ${f.size}` };
      }
      if (!h.sopInstanceUid && !h.displayable) return { kind: 'error', reason: 'DICOM data set with neither SOP Instance UID nor an image' };
      return { kind: 'dicom', header: h };
    }
    const raster = await readRasterHeader(f.path);
    if (raster) return { kind: 'image', header: raster };
    return notRecognised(f, name, await compressedReason(f, name));
  } catch (error) {
    // Only files detected (or named) as image data get this far: a reader failing on them is an error.
    const message = (error as Error).message ?? String(error);
    // Reader errors often start with the path already; keep the reason only (the path is its own field).
    return { kind: 'error', reason: message.startsWith(f.path) ? message.slice(f.path.length).replace(/^:\s*/, '') : message };
  }
}
