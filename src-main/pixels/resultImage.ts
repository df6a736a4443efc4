// One image of a .npy stack stored in a result (a projection's targets, projections and live preview, generated
// images, edit series, eigencomponent maps), served like any other frame so panels draw results with the same
// binary transport as catalog pixels. A result's geometry.json places the planes of slice positions in patient space.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api/errors.js';
import type { PixelFrame, SliceGeometry } from '../../src-shared/api/pixels.js';
import { resultGeometrySchema } from '../../src-shared/api/results.js';
import { toFloat32 } from '../../src-shared/io/npy.js';
import type { AppContext } from '../base/context.js';
import { readNpy } from '../io/npyFile.js';
import { readJson } from '../direction/artefacts.js';
import { readResult, resultDir, resultFile } from '../results/store.js';
import { buildFrame } from './encode.js';

// The real images a projection started from; everything else in a synthetic result derives from the generator.
const realInputs = new Set(['targets.npy']);

type PlaneGeometry = Omit<SliceGeometry, 'orientationLabels'>;

/**
 * The slice position a plane shows: `position_<s>/…` files are all position s; the files geometry.json lists
 * are position-major (N×H×W: image s; N×S×H×W: channel s). Null when the plane is not tied to a position.
 */
function positionOf(file: string, listed: readonly string[], shape: number[], index: number, channel: number): number | null {
  const folder = /^position_(\d+)\//.exec(file);
  if (folder) return Number(folder[1]);
  if (!listed.includes(file)) return null;
  return shape.length === 4 ? channel : shape.length === 3 ? index : 0;
}

function planeGeometry(dir: string, file: string, shape: number[], index: number, channel: number): PlaneGeometry {
  const [rows, columns] = shape.slice(-2);
  const none: PlaneGeometry = { rows, columns, pixelSpacing: null, imagePositionPatient: null, imageOrientationPatient: null, sliceThickness: null, frameOfReferenceUid: null };
  const path = join(dir, 'geometry.json');
  if (!existsSync(path)) return none;
  const parsed = resultGeometrySchema.safeParse(readJson<unknown>(path));
  if (!parsed.success) throw new ApiError('bad_input', `${path}: ${parsed.error.issues[0]?.message ?? 'not a result geometry'}`);
  const s = positionOf(file, parsed.data.positionFiles, shape, index, channel);
  const p = s === null ? undefined : parsed.data.positions[s];
  if (!p) return none;
  return { ...none, pixelSpacing: p.pixelSpacing, imagePositionPatient: p.imagePositionPatient, imageOrientationPatient: p.imageOrientationPatient, sliceThickness: p.sliceThickness ?? null, frameOfReferenceUid: parsed.data.frameOfReferenceUid ?? null };
}

export async function resultImage(ctx: AppContext, params: { result: string; file: string; index: number; channel?: number }): Promise<PixelFrame> {
  const path = resultFile(ctx.dataDir, params.result, params.file);
  const { info } = readResult(ctx.dataDir, params.result);
  const array = await readNpy(path);
  const shape = array.shape;
  if (shape.length < 2 || shape.length > 4) throw new ApiError('bad_input', `${params.file} of result ${params.result}: shape [${shape.join(', ')}] is not an image stack (H×W, N×H×W or N×C×H×W)`);
  const [rows, columns] = shape.slice(-2);
  const count = shape.length === 2 ? 1 : shape[0];
  if (params.index >= count) throw new ApiError('bad_input', `${params.file} of result ${params.result} holds ${count} image${count === 1 ? '' : 's'}; there is no image ${params.index}`);
  const channels = shape.length === 4 ? shape[1] : 1;
  const channel = params.channel ?? 0;
  if (channel >= channels) throw new ApiError('bad_input', `${params.file} of result ${params.result} has ${channels} channel${channels === 1 ? '' : 's'}; there is no channel ${channel}`);
  const per = rows * columns;
  const start = (params.index * channels + channel) * per;
  const data = toFloat32(array).slice(start, start + per);
  return buildFrame({
    source: { id: `result:${params.result}`, file: params.file, index: params.index },
    provenance: info.synthetic && !realInputs.has(params.file) ? 'synthetic' : 'acquired',
    modality: null,
    geometry: planeGeometry(resultDir(ctx.dataDir, params.result), params.file, shape, params.index, channel),
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    rescale: { slope: 1, intercept: 0, type: null },
    fileWindows: [],
    data,
    transferSyntaxUid: null,
    lossy: false,
    numberOfFrames: count,
  });
}
