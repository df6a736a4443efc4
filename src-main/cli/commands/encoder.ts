// `latentrad encoder train` (a job followed with progress; Ctrl+C pauses with a checkpoint, --resume continues) and
// `latentrad encode` (one pass, optionally refined, into a latent set copied to --out, as `latentrad project` does).
import type { Command } from 'commander';
import { Option } from 'commander';
import { projectionSpaces } from '../../../src-shared/api/projectionSettings.js';
import { encodeInputSchema } from '../../../src-shared/api/encoder.js';
import { encoderTrainingSchema } from '../../../src-shared/api/encoderSettings.js';
import { runWith } from '../runtime.js';
import { runPausableJob } from './training.js';
import { datasetLimit, followProjection, itemIndex, sourceOf } from './projection.js';
import type { ProjectionCliOptions } from './projection.js';
import { numberOption } from '../numberOption.js';

interface TrainOptions {
  model: string;
  dataset: string;
  space: (typeof projectionSpaces)[number];
  kimg: number;
  batch: number;
  seed: number;
  lr?: number;
  holdout: number;
  reportRefine: number;
  resume?: boolean;
  out: string;
}

type EncodeOptions = Pick<ProjectionCliOptions, 'model' | 'image' | 'item' | 'axis' | 'slice' | 'frame' | 'sliceRange' | 'dataset' | 'limit' | 'preset' | 'out'> & { encoder?: string; refine: number };

function human(s: Record<string, unknown>): string {
  const rows = (s.rows as Array<{ item: string; slice: number | null; ssim: number; mse: number }> | undefined) ?? [];
  const encoded = s.encoded as { meanSsim: number } | undefined;
  const time = s.secondsPerImage as { encodeAndSynthesis?: number } | undefined;
  const lines = rows.slice(0, 20).map((r, i) => `  ${String(i).padStart(4)}  SSIM ${r.ssim.toFixed(4)}  MSE ${r.mse.toExponential(3)}  ${r.item}${r.slice !== null ? ` slice ${r.slice}` : ''}`);
  if (rows.length > 20) lines.push(`  … ${rows.length - 20} more in index.csv`);
  const head = `mean SSIM ${Number(s.meanSsim).toFixed(4)} (wang2004, data range 1 on [0, 1]), mean MSE ${Number(s.meanMse).toExponential(3)} on [0, 1]`;
  const detail = [encoded ? `one pass before refinement: mean SSIM ${encoded.meanSsim.toFixed(4)}` : '', time?.encodeAndSynthesis !== undefined ? `one pass: ${(time.encodeAndSynthesis * 1000).toFixed(1)} ms per image (E and G)` : ''].filter(Boolean);
  return [`result ${String(s.result)} (${String(s.method)}) → ${String(s.out)}`, head, ...detail, ...lines].join('\n');
}

async function train(opts: TrainOptions, command: Command): Promise<void> {
  await runPausableJob(
    command,
    (rt) => rt.client.call('encoder.train', { model: opts.model, dataset: opts.dataset, space: opts.space, kimg: opts.kimg, batch: opts.batch, seed: opts.seed, holdout: opts.holdout, reportRefineSteps: opts.reportRefine, out: opts.out, resume: Boolean(opts.resume), ...(opts.lr ? { learningRate: opts.lr } : {}) }),
    'pausing (writing a checkpoint; --resume continues)...',
  );
}

export function registerEncoderCommands(program: Command): void {
  const encoder = program.command('encoder').description('encoders: one-pass inversion of images into a generator (the encoder is listed with its model)');
  encoder
    .command('train')
    .description('train an encoder for a generator on a dataset of real images (synthetic and real cycles; Ctrl+C pauses with a checkpoint)')
    .requiredOption('--model <model>', 'model id, name or directory')
    .requiredOption('--dataset <name>', 'dataset of real images at the model resolution')
    .addOption(new Option('--space <space>', 'latent space of the codes').choices([...projectionSpaces]).default('wplus'))
    .option('--kimg <n>', 'training length in thousands of images per cycle', numberOption('--kimg', encoderTrainingSchema.shape.kimg), 10)
    .option('--batch <n>', 'images per cycle and iteration', numberOption('--batch', encoderTrainingSchema.shape.batch), 8)
    .option('--seed <n>', 'random seed', numberOption('--seed', encoderTrainingSchema.shape.seed), 0)
    .option('--lr <rate>', 'Adam learning rate (default 0.0005)', numberOption('--lr', encoderTrainingSchema.shape.learningRate))
    .option('--holdout <fraction>', 'fraction of the dataset\'s subjects held out of training for the reconstruction report', numberOption('--holdout', encoderTrainingSchema.shape.holdout), 0.1)
    .option('--report-refine <steps>', 'the report\'s projector refinement steps from E(x) on 4 held-out images (0: none)', numberOption('--report-refine', encoderTrainingSchema.shape.reportRefineSteps), 200)
    .option('--resume', 'continue the training named --out from its checkpoint (only --kimg may change)')
    .requiredOption('--out <name>', 'encoder name')
    .action(async (opts: TrainOptions, command: Command) => {
      await train(opts, command);
    });

  program
    .command('encode')
    .description('encode images in one pass with a trained encoder (optionally refined by the projector): a latent set (latents.npy, index.csv, meta.json, projected_w/, projections.npy)')
    .requiredOption('--model <model>', 'model id, name or directory')
    .option('--encoder <name>', 'one of the model\'s encoders (default: the shipped one, else the newest)')
    .option('--image <file>', 'IMG.npy (H×W, N×H×W, N×C×H×W in [−1, 1]) or an 8-bit PNG, at the model resolution')
    .option('--item <id...>', 'catalog volume/image ids (volume:3) or NIfTI/PNG paths, prepared as the model\'s training data')
    .addOption(new Option('--axis <axis>', 'with --item: slice axis (default: the model\'s)').choices(['x', 'y', 'z']))
    .option('--slice <k>', 'with --item: slice index along the axis (default: the middle)', numberOption('--slice', itemIndex))
    .option('--frame <n>', 'with --item: frame of a DICOM instance, or of a series in slice order (default 0)', numberOption('--frame', itemIndex))
    .option('--dataset <name>', 'a dataset of the data directory')
    .option('--limit <n>', 'with --dataset: the first n images', numberOption('--limit', datasetLimit))
    .option('--refine <steps>', 'projector steps started from the encoder\'s codes (0: none)', numberOption('--refine', encodeInputSchema.shape.refine), 0)
    .addOption(new Option('--preset <modality>', 'for a model that does not record its preprocessing: the dataset builder preset').choices(['MR', 'CT', 'FA', 'image']))
    .requiredOption('--out <dir>', 'folder the latent set is copied to')
    .action(async (opts: EncodeOptions, command: Command) => {
      await runWith(
        command,
        (rt) =>
          followProjection(
            rt,
            async () => {
              const r = await rt.client.call('encoder.encode', { model: opts.model, source: sourceOf(opts), refine: opts.refine, ...(opts.encoder ? { encoder: opts.encoder } : {}), ...(opts.preset ? { preset: opts.preset } : {}) });
              return { jobId: r.job.id, result: r.result };
            },
            opts.out,
          ),
        human,
      );
    });
}
