// `latentrad dataset create|export|list`, `latentrad train` (both follow their job: progress bar, or JSON lines for
// train) and `latentrad jobs`.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { catalogDatasetEntities, datasetCreateInputSchema, modelResolutions } from '../../../src-shared/api/datasets.js';
import { trainingConfigSchema, trainingNetworkSchema } from '../../../src-shared/api/training.js';
import type { DatasetInfo, datasetSourceSchema } from '../../../src-shared/api/datasets.js';
import type { z } from 'zod';
import type { Job } from '../../../src-shared/api/jobs.js';
import type { MethodInput } from '../../../src-shared/api/contract.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { jobStates } from '../../../src-shared/api/system.js';
import { exportResultFile } from '../exportResult.js';
import { formatDuration, jobTiming } from '../../../src-shared/api/jobTiming.js';
import { followJob, showProgress } from '../followJob.js';
import { globalOptions, openRuntime, reportError, runWith } from '../runtime.js';
import type { CliRuntime } from '../runtime.js';
import { keyValues } from './catalog.js';
import { fractionPairOption, numberOption } from '../numberOption.js';

const resolution = { integer: true, oneOf: modelResolutions } as const;
const datasetField = datasetCreateInputSchema.shape;
const trainField = trainingConfigSchema.shape;
const networkField = trainingNetworkSchema.shape;

type DatasetSource = z.input<typeof datasetSourceSchema>;
type DatasetSubmitInput = MethodInput<'datasets.submit'>;
type CatalogEntity = (typeof catalogDatasetEntities)[number];

/** `--entities volumes,series`: the entity names of `latentrad ls`. */
function entityList(value: string): CatalogEntity[] {
  const names = value.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = names.filter((n) => !(catalogDatasetEntities as readonly string[]).includes(n));
  if (names.length === 0 || bad.length > 0) throw new InvalidArgumentError(`--entities takes a comma-separated list of ${catalogDatasetEntities.join(', ')}`);
  return names as CatalogEntity[];
}

function sourceOf(opts: { from: string[]; where?: string[]; labelKeys?: string; entities?: CatalogEntity[] }): DatasetSource {
  if (opts.from.length === 1 && opts.from[0] === 'catalog') {
    return {
      kind: 'catalog',
      where: keyValues(opts.where ?? []),
      ...(opts.entities ? { entities: opts.entities } : {}),
      ...(opts.labelKeys ? { labelKeys: opts.labelKeys.split(',').map((k) => k.trim()).filter(Boolean) } : {}),
    };
  }
  if (opts.where || opts.entities) throw new InvalidArgumentError('--where and --entities only apply to --from catalog');
  return { kind: 'files', paths: opts.from.map((p) => resolve(p)) };
}

export function formatDataset(d: DatasetInfo): string {
  const labels = d.labels.length ? d.labels.map((l) => `${l.name} (${l.kind})`).join(', ') : 'none';
  const lines = [
    `${d.name}: ${d.count} images ${d.resolution}×${d.resolution}×${d.channels} from ${d.sourceCount} sources (axis ${d.axis}, ${d.resample})`,
    `  normalisation: ${d.normalisation.modality}, percentiles ${d.normalisation.lowPercentile}–${d.normalisation.highPercentile} → [−1, 1]; labels: ${labels}`,
  ];
  for (const s of d.skipped.slice(0, 10)) lines.push(`  skipped ${s.path}: ${s.reason}`);
  if (d.skipped.length > 10) lines.push(`  ... and ${d.skipped.length - 10} more skipped`);
  return lines.join('\n');
}

export function formatJob(j: Job): string {
  const eta = j.etaSeconds !== null && j.state === 'running' ? ` · ETA ${formatDuration(j.etaSeconds)}` : '';
  return `${j.id}  ${j.state.padEnd(9)} ${j.title}\n    ${j.message}${eta}\n    ${jobTiming(j, new Date())}${j.error ? `\n    error: ${j.error}` : ''}`;
}

export function registerTrainingCommands(program: Command): void {
  const dataset = program.command('dataset').description('training datasets: 2D slices or images at the model resolution');
  dataset
    .command('create')
    .description('build a dataset from NIfTI volumes and/or PNG/JPEG images (files, folders), or from catalogued volumes, images and DICOM series (`--from catalog`, + --where)')
    .requiredOption('--from <path...>', 'NIfTI files, image files or folders (searched recursively), or "catalog" for catalogued volumes, images and series')
    .option('--where <key=value...>', 'with --from catalog: catalog filters (columns or labels, * wildcards)')
    .option('--label-keys <keys>', 'with --from catalog: comma-separated catalog label keys to keep (default: keys every entry has)')
    .option('--entities <kinds>', `with --from catalog: which entries, comma-separated (default ${catalogDatasetEntities.join(',')})`, entityList)
    .requiredOption('--res <n>', 'model resolution (32, 64, 128, 256)', numberOption('--res', resolution))
    .requiredOption('--out <name>', 'dataset name')
    .addOption(new Option('--axis <axis>', 'slice axis: z axial, y coronal, x sagittal').choices(['x', 'y', 'z']).default('z'))
    .option('--slice-range <a,b>', 'part of the axis to use, as fractions from the lowest world coordinate', fractionPairOption('--slice-range'))
    .option('--min-foreground <f>', 'keep slices with at least this fraction of foreground pixels', numberOption('--min-foreground', datasetField.minForeground))
    .option('--step <n>', 'take every n-th slice', numberOption('--step', datasetField.sliceStep))
    .addOption(new Option('--resample <method>', 'resampling filter').choices(['area', 'lanczos']).default('area'))
    .addOption(new Option('--fit <mode>', 'non-square images: pad or centre-crop').choices(['pad', 'crop']).default('pad'))
    .addOption(new Option('--modality <m>', 'normalisation preset').choices(['MR', 'CT', 'FA', 'image']).default('MR'))
    .option('--low-percentile <p>', 'override the lower clip percentile', numberOption('--low-percentile', datasetField.lowPercentile))
    .option('--high-percentile <p>', 'override the upper clip percentile', numberOption('--high-percentile', datasetField.highPercentile))
    .option('--labels <csv>', 'labels CSV: a path column (matched by file name) and label columns')
    .option('--overwrite', 'replace an existing dataset of that name')
    .action(async (opts: { from: string[]; where?: string[]; labelKeys?: string; entities?: CatalogEntity[]; res: number; out: string; axis: 'x' | 'y' | 'z'; sliceRange?: [number, number]; minForeground?: number; step?: number; resample: 'area' | 'lanczos'; fit: 'pad' | 'crop'; modality: 'MR' | 'CT' | 'FA' | 'image'; lowPercentile?: number; highPercentile?: number; labels?: string; overwrite?: boolean }, command: Command) => {
      await runWith(
        command,
        (rt) =>
          buildAsJob(rt, {
            name: opts.out,
            source: sourceOf(opts),
            resolution: opts.res,
            axis: opts.axis,
            resample: opts.resample,
            fit: opts.fit,
            modality: opts.modality,
            overwrite: Boolean(opts.overwrite),
            ...(opts.sliceRange ? { sliceRange: opts.sliceRange } : {}),
            ...(opts.minForeground !== undefined ? { minForeground: opts.minForeground } : {}),
            ...(opts.step !== undefined ? { sliceStep: opts.step } : {}),
            ...(opts.lowPercentile !== undefined ? { lowPercentile: opts.lowPercentile } : {}),
            ...(opts.highPercentile !== undefined ? { highPercentile: opts.highPercentile } : {}),
            ...(opts.labels ? { labelsCsv: resolve(opts.labels) } : {}),
          }),
        formatDataset,
      );
    });
  dataset
    .command('export')
    .description('write a dataset as an NVlabs stylegan2-ada-pytorch dataset.zip')
    .argument('<name>', 'dataset name')
    .requiredOption('--nvlabs <zip>', 'output .zip')
    .action(async (name: string, opts: { nvlabs: string }, command: Command) => {
      if (!opts.nvlabs.toLowerCase().endsWith('.zip')) throw new InvalidArgumentError(`${opts.nvlabs}: the NVlabs dataset must be a .zip file`);
      await runWith(
        command,
        async (rt) => {
          const value = await rt.client.call('datasets.exportNvlabs', { name });
          return { ...value, exported: exportResultFile(rt.ctx.dataDir, value.result, 'dataset.zip', opts.nvlabs) };
        },
        (r) => `wrote ${r.exported}: ${r.count} PNGs, ${(r.bytes / 1e6).toFixed(1)} MB`,
      );
    });
  dataset
    .command('list')
    .description('datasets in the data directory')
    .action(async (_opts: unknown, command: Command) => {
      await runWith(command, (rt) => rt.client.call('datasets.list', {}), (r) => (r.datasets.length ? r.datasets.map(formatDataset).join('\n') : 'no datasets'));
    });

  program
    .command('train')
    .description('train a StyleGAN2 model on a dataset (Ctrl+C pauses with a checkpoint; --resume continues)')
    .requiredOption('--dataset <name>', 'dataset name')
    .requiredOption('--res <n>', 'resolution (must match the dataset)', numberOption('--res', resolution))
    .requiredOption('--kimg <n>', 'train until this many thousand real images have been shown', numberOption('--kimg', trainField.kimg))
    .requiredOption('--out <model>', 'model (and run) name')
    .option('--batch <n>', 'minibatch size', numberOption('--batch', trainField.batch), 16)
    .option('--resume', 'continue the run named --out from its checkpoint')
    .option('--seed <n>', 'random seed', numberOption('--seed', trainField.seed), 0)
    .option('--gamma <g>', 'R1 weight (default 0.0002·res²/batch)', numberOption('--gamma', trainField.gamma))
    .option('--channel-base <n>', 'channels at resolution r = min(base/r, max)', numberOption('--channel-base', networkField.channelBase), 4096)
    .option('--channel-max <n>', 'maximum channels per layer', numberOption('--channel-max', networkField.channelMax), 128)
    .option('--mapping-layers <n>', 'mapping network depth', numberOption('--mapping-layers', networkField.mappingLayers), 2)
    .option('--z-dim <n>', 'z and w dimensionality', numberOption('--z-dim', networkField.zDim), 128)
    .option('--snapshot-kimg <n>', 'checkpoint + sample grid interval', numberOption('--snapshot-kimg', trainField.snapshotKimg), 4)
    .option('--no-ada', 'disable adaptive discriminator augmentation')
    .addOption(new Option('--backend <name>', 'a TensorFlow.js backend, or onnx (training steps on onnxruntime, every core)').choices(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'onnx']))
    .action(async (opts: TrainOptions, command: Command) => {
      await train(opts, command);
    });

  const jobs = program.command('jobs').description('long-running jobs (imports, training runs, dataset builds)').option('--state <state...>', `only these states (${jobStates.join(', ')})`);
  jobs.action(async (opts: { state?: string[] }, command: Command) => {
    const states = opts.state?.filter((s): s is (typeof jobStates)[number] => (jobStates as readonly string[]).includes(s));
    await runWith(command, (rt) => rt.client.call('jobs.list', states ? { states } : {}), (r) => (r.jobs.length ? r.jobs.map(formatJob).join('\n') : 'no jobs'));
  });
  for (const verb of ['pause', 'resume', 'cancel'] as const) {
    jobs
      .command(verb)
      .description(`${verb} a job`)
      .argument('<id>', 'job id')
      .action(async (id: string, _opts: unknown, command: Command) => {
        await runWith(command, (rt) => rt.client.call(`jobs.${verb}`, { id }), formatJob);
      });
  }
}

interface TrainOptions {
  dataset: string;
  res: number;
  kimg: number;
  out: string;
  batch: number;
  resume?: boolean;
  seed: number;
  gamma?: number;
  channelBase: number;
  channelMax: number;
  mappingLayers: number;
  zDim: number;
  snapshotKimg: number;
  ada: boolean;
  backend?: 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu' | 'onnx';
}

/** `dataset create` submits a dataset job and follows it (progress bar on a terminal, Ctrl+C cancels); prints the dataset. */
async function buildAsJob(rt: CliRuntime, input: DatasetSubmitInput): Promise<DatasetInfo> {
  const tty = process.stderr.isTTY && !rt.json;
  const job = await followJob(rt.client, () => rt.client.call('datasets.submit', input), {
    // Stdout stays the dataset (JSON with --json), as when the build ran inside the call.
    onEvent: (event) => tty && showProgress(event, true),
    interrupt: { method: 'jobs.cancel', notice: 'cancelling (nothing is written)...' },
  });
  if (tty) process.stderr.write('\n');
  if (job.state === 'failed') throw new ApiError('bad_input', job.error ?? job.message);
  if (job.state !== 'done') throw new ApiError('cancelled', `dataset "${input.name}": ${job.message}`);
  return rt.client.call('datasets.get', { name: input.name });
}

/**
 * Starts (or resumes) a checkpointed job in this process and follows it until it ends (progress on stderr, events
 * as JSON lines with --json); Ctrl+C asks it to pause with `notice`. Shared by `train` and `encoder train`.
 */
export async function runPausableJob(command: Command, submit: (rt: CliRuntime) => Promise<Job>, notice: string): Promise<void> {
  const rt = openRuntime(globalOptions(command));
  const tty = process.stderr.isTTY && !rt.json;
  try {
    const final = await followJob(rt.client, () => submit(rt), {
      onEvent: (event) => (rt.json ? process.stdout.write(`${JSON.stringify(event)}\n`) : showProgress(event, tty)),
      interrupt: { method: 'jobs.pause', notice },
    });
    if (rt.json) process.stdout.write(`${JSON.stringify(final)}\n`);
    else process.stdout.write(`${tty ? '\n' : ''}${formatJob(final)}\n`);
    if (final.state === 'failed') process.exitCode = 1;
  } catch (error) {
    reportError(error, rt.json);
  } finally {
    await rt.close();
  }
}

/** `latentrad train`: the training job, followed in this process; Ctrl+C asks it to pause. */
async function train(opts: TrainOptions, command: Command): Promise<void> {
  await runPausableJob(
    command,
    (rt) =>
      rt.client.call('training.start', {
        dataset: opts.dataset,
        resolution: opts.res,
        kimg: opts.kimg,
        batch: opts.batch,
        out: opts.out,
        seed: opts.seed,
        resume: Boolean(opts.resume),
        snapshotKimg: opts.snapshotKimg,
        network: { zDim: opts.zDim, wDim: opts.zDim, mappingLayers: opts.mappingLayers, channelBase: opts.channelBase, channelMax: opts.channelMax },
        ada: { enabled: opts.ada, target: 0.6, interval: 4, kimg: 500 },
        ...(opts.gamma !== undefined ? { gamma: opts.gamma } : {}),
        ...(opts.backend ? { backend: opts.backend } : {}),
      }),
    'pausing (writing a checkpoint)...',
  );
}
