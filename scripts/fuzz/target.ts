// One fuzz input through what the app does with such a file: the catalog's header read, then full pixel decoding
// (or the loader of arrays, archives and models). Run in a child process (see run.ts) so a crash or hang is caught.
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import { dicomdirReferences } from '../../src-main/catalog/walk.js';
import { readDicomHeader } from '../../src-main/io/dicom.js';
import { decodeFrame, loadDicom } from '../../src-main/io/dicomPixels.js';
import { readModalityLut, readVoiLut } from '../../src-main/io/dicomLut.js';
import { applyLut } from '../../src-shared/imaging/lut.js';
import { readNifti, readNiftiHeader } from '../../src-main/io/nifti.js';
import { readNpy } from '../../src-main/io/npyFile.js';
import { readRaster, readRasterHeader } from '../../src-main/io/raster.js';
import { readBytes } from '../../src-main/io/readFile.js';
import { decoderReason } from '../../src-main/io/decodeErrors.js';
import { decodeNpz } from '../../src-main/ml/npz.js';
import { decodeSafetensors } from '../../src-main/ml/safetensors.js';
import { readManifest } from '../../src-main/ml/stylegan2/modelDir.js';
import type { FuzzKind } from './mutate.js';

export type Outcome = { kind: 'ok' } | { kind: 'error'; message: string } | { kind: 'unclear'; message: string };

// Raw JavaScript engine text, a thrown non-Error or a bare schema dump: a user cannot act on these.
const unclearText = /Cannot read propert|of undefined|of null|is not a function|is not iterable|is not defined|Offset is outside|outside the bounds|Invalid typed array length|Invalid array length|Array buffer allocation|Maximum call stack|Unexpected token|\[object |: undefined$|: null$|"code":\s*"|^\[\s*\{|RangeError|TypeError/;

/** Clear: names the file and gives a reason in words (letters beyond the path, no engine text). */
export function classify(message: string, path: string): Outcome {
  const named = message.includes(basename(path));
  const reason = message.split(path).join('').replace(/[^A-Za-z]+/g, ' ').trim();
  if (!named || reason.split(' ').length < 2 || unclearText.test(message)) return { kind: 'unclear', message };
  return { kind: 'error', message };
}

/** Errors from readers that leave the path to their caller get it added exactly as the catalog importer does. */
function named(path: string, error: unknown): string {
  if (!(error instanceof Error)) return `${path}: thrown value ${String(error)}`;
  return error.message.includes(path) || error instanceof ApiError ? error.message : `${path}: ${error.message}`;
}

async function run(kind: FuzzKind, path: string): Promise<void> {
  switch (kind) {
    case 'dicom': {
      let header;
      try {
        header = readDicomHeader(path, statSync(path).size);
      } catch (e) {
        throw new Error(named(path, e));
      }
      if (!header || header.header.isDicomdir || !header.header.displayable) return;
      const parsed = await loadDicom(path);
      const frames = Math.min(header.header.frames, 2);
      // As the pixel service words it: path, frame, and the reason (src-main/pixels/service.ts).
      for (let f = 0; f < frames; f++) {
        const decoded = await decodeFrame(parsed, f).catch((e: unknown) => Promise.reject(new Error(`${path}: frame ${f}: ${decoderReason(e, 'the image codec failed on damaged compressed data')}`)));
        if (decoded.samplesPerPixel !== 1) continue;
        // The lookup tables, in the pixel service's order: Modality LUT (else rescale), then VOI LUT.
        try {
          const modalityLut = readModalityLut(parsed.dataSet, parsed.header.pixelRepresentation === 1);
          const modality = modalityLut ? applyLut(decoded.data, modalityLut) : decoded.data;
          const voiLut = readVoiLut(parsed.dataSet, false);
          if (voiLut) applyLut(modality, voiLut);
        } catch (e) {
          throw new Error(named(path, e));
        }
      }
      return;
    }
    case 'dicomdir':
      await dicomdirReferences(path);
      return;
    case 'nifti':
      await readNiftiHeader(path);
      await readNifti(path);
      return;
    case 'png':
    case 'jpeg':
      if (await readRasterHeader(path)) await readRaster(path);
      return;
    case 'npy':
      await readNpy(path);
      return;
    case 'npz':
      decodeNpz(await readBytes(path), path);
      return;
    case 'safetensors':
      decodeSafetensors(await readBytes(path));
      return;
    case 'model': {
      // A model directory: model.json is the mutated file.
      const dir = join(dirname(path), `${basename(path)}.model`);
      mkdirSync(dir, { recursive: true });
      renameSync(path, join(dir, 'model.json'));
      await readManifest(dir);
      return;
    }
  }
}

export async function runInput(kind: FuzzKind, path: string): Promise<Outcome> {
  try {
    await run(kind, path);
    return { kind: 'ok' };
  } catch (error) {
    const where = kind === 'model' ? join(dirname(path), `${basename(path)}.model`, 'model.json') : path;
    return classify(named(where, error), kind === 'model' ? dirname(where) : path);
  }
}

// Child-process protocol: { kind, path } in, { outcome, maxRssBytes } out.
if (process.send) {
  process.on('message', (message: { kind: FuzzKind; path: string }) => {
    void runInput(message.kind, message.path).then((outcome) => process.send?.({ outcome, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
  });
}
