// Quality of a generator, one row per snapshot, with nothing downloaded: ProGAN's sliced Wasserstein distance
// (generated vs training images) and W+ projection SSIM on the middle slices of subjects the model never saw.
import { readFileSync } from 'node:fs';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import type { modalities } from '../../src-shared/api/datasets.js';
import { awaitJob } from '../../src-shared/api/awaitJob.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { learningRateOf, projectionSettingsSchema } from '../../src-shared/api/projectionSettings.js';
import { firstImages, sampleImageStack } from '../../src-shared/analysis/imageSample.js';
import { swdReport } from '../../src-shared/analysis/swd.js';
import type { SwdResult } from '../../src-shared/analysis/swd.js';
import { decodeNpy } from '../../src-shared/io/npy.js';
import { resultFile } from '../results/store.js';

export interface QualityOptions {
  /** Model id, name or directory. */
  model: string;
  /** A dataset's images.npy holding the training images (uint8, NVlabs' convention). */
  realsPath: string;
  /** NIfTI volumes of held-out subjects (the middle slice of each is projected) or 2D images (projected whole). */
  holdout: string[];
  /** Images per side of the SWD (ProGAN: 2,000 … the protocol). */
  swdImages: number;
  /** Projection steps (the default schedule: 1000). */
  steps: number;
  /** Images optimised together (each image's optimisation is its own; batching only saves time). */
  batch: number;
  /** For a model whose model.json records no preprocessing (an NVlabs import): the dataset builder's preset. */
  preset?: (typeof modalities)[number];
  /** Overrides the kimg in model.json (an NVlabs snapshot does not record it). */
  kimg?: number;
  seed: number;
  /** What is happening now, for a log line. */
  onStage?: (stage: string) => void;
}

export interface HoldoutRow {
  subject: string;
  /** The slice of a volume; null for a 2D image (a chest film). */
  slice: number | null;
  ssim: number;
  mse: number;
}

export interface QualityRow {
  model: { id: string; name: string; generatorSha256: string | null };
  kimg: number | null;
  swd: SwdResult & { images: number; reals: string };
  holdout: {
    subjects: number;
    slice: 'middle';
    space: 'wplus';
    steps: number;
    learningRate: number;
    /** wang2004: Gaussian window σ 1.5, population covariance, data range 2 on [−1, 1] (= 1 on [0, 1]). */
    ssimVariant: 'wang2004';
    meanSsim: number;
    minSsim: number;
    maxSsim: number;
    /** On [0, 1], as the published figures. */
    meanMse: number;
    rows: HoldoutRow[];
  };
  seconds: { generate: number; swd: number; projection: number };
  created: string;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** Summary rows of a finished projection as numbers; anything else is an error naming the result. */
export function holdoutRows(summary: Record<string, unknown> | null, resultId: string): HoldoutRow[] {
  const rows = summary?.rows;
  if (!Array.isArray(rows) || rows.length === 0) throw new ApiError('internal', `projection ${resultId}: its summary lists no images`);
  return rows.map((r: Record<string, unknown>, i) => {
    const { subject, slice, ssim, mse } = r;
    if (typeof ssim !== 'number' || typeof mse !== 'number' || (typeof slice !== 'number' && slice !== null)) throw new ApiError('internal', `projection ${resultId}: row ${i} has no SSIM/MSE`);
    return { subject: typeof subject === 'string' ? subject : String(i), slice, ssim, mse };
  });
}

/** Generates, compares and projects; returns one row (kimg, SWD per level, held-out SSIM). */
export async function measureQuality(client: LatentRadClient, dataDir: string, o: QualityOptions): Promise<QualityRow> {
  if (o.holdout.length === 0) throw new ApiError('bad_input', 'no held-out volumes given');
  const stage = o.onStage ?? (() => undefined);
  const model = await client.call('models.get', { model: o.model });

  stage(`generating ${o.swdImages} images (seeds 0-${o.swdImages - 1}, ψ 1, noise const)`);
  let t = performance.now();
  const seeds = Array.from({ length: o.swdImages }, (_, i) => i);
  const generated = await client.call('models.generate', { model: model.dir, seeds, psi: 1, cutoff: null, noiseMode: 'const', format: 'npy' });
  const generateSeconds = (performance.now() - t) / 1000;

  stage('sliced Wasserstein distance');
  t = performance.now();
  const reals = sampleImageStack(decodeNpy(new Uint8Array(readFileSync(o.realsPath))), o.swdImages, o.seed, o.realsPath);
  const fakePath = resultFile(dataDir, generated.result.id, 'images.npy');
  const fakes = sampleImageStack(decodeNpy(new Uint8Array(readFileSync(fakePath))), o.swdImages, o.seed + 1, fakePath);
  const count = Math.min(reals.n, fakes.n);
  const swd = swdReport(firstImages(reals, count), firstImages(fakes, count), { seed: o.seed });
  const swdSeconds = (performance.now() - t) / 1000;

  stage(`projecting the middle slices of ${o.holdout.length} held-out subjects (W+, ${o.steps} steps)`);
  t = performance.now();
  const settings = projectionSettingsSchema.parse({ space: 'wplus', steps: o.steps, seed: o.seed, batch: o.batch });
  let resultId = '';
  const job = await awaitJob(client, async () => {
    const started = await client.call('projection.project', {
      model: model.dir,
      source: { kind: 'items', items: o.holdout.map((item) => ({ item })) },
      settings,
      ...(o.preset ? { preset: o.preset } : {}),
    });
    resultId = started.result;
    return started.job;
  });
  if (job.state !== 'done') throw new ApiError('internal', `projection job ${job.id} ${job.state}: ${job.error ?? job.message}`);
  const result = await client.call('projection.result', { id: resultId });
  const rows = holdoutRows(result.summary, resultId);
  const ssims = rows.map((r) => r.ssim);
  // The projection's own record of what it ran with (the W+ learning rate default lives in the engine).
  const meta = result.summary?.meta as { model?: { generatorSha256?: string }; settings?: { learningRate?: number } } | undefined;
  const learningRate = meta?.settings?.learningRate ?? learningRateOf(settings);

  return {
    model: { id: model.id, name: model.name, generatorSha256: meta?.model?.generatorSha256 ?? null },
    kimg: o.kimg ?? model.provenance.kimg ?? null,
    swd: { ...swd, images: count, reals: o.realsPath },
    holdout: {
      subjects: rows.length,
      slice: 'middle',
      space: 'wplus',
      steps: o.steps,
      learningRate,
      ssimVariant: 'wang2004',
      meanSsim: mean(ssims),
      minSsim: Math.min(...ssims),
      maxSsim: Math.max(...ssims),
      meanMse: mean(rows.map((r) => r.mse)),
      rows,
    },
    seconds: { generate: generateSeconds, swd: swdSeconds, projection: (performance.now() - t) / 1000 },
    created: new Date().toISOString(),
  };
}
