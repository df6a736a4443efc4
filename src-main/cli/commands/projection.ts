// `latentrad project` (and the inputs/settings options `latentrad fidelity` shares): submit the job, follow it,
// copy the result folder to --out, print the summary (per-image SSIM/MSE, paths) as text or JSON.
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { Lesion, Perturbation, ProjectionSource } from '../../../src-shared/api/projection.js';
import { projectionNoiseModes, projectionSettingsSchema, projectionSpaces } from '../../../src-shared/api/projectionSettings.js';
import type { ProjectionSettingsInput } from '../../../src-shared/api/projectionSettings.js';
import { followJob, showProgress } from '../followJob.js';
import type { CliRuntime } from '../runtime.js';
import { runWith } from '../runtime.js';
import { fractionPairOption, numberOption } from '../numberOption.js';
import type { NumberRange } from '../numberOption.js';

export interface ProjectionCliOptions {
  model: string;
  image?: string;
  item?: string[];
  axis?: 'x' | 'y' | 'z';
  slice?: number;
  sliceRange?: [number, number];
  frame?: number;
  dataset?: string;
  limit?: number;
  space: (typeof projectionSpaces)[number];
  noise: (typeof projectionNoiseModes)[number];
  steps: number;
  seed: number;
  batch: number;
  lr?: number;
  distance: string;
  preset?: 'MR' | 'CT' | 'FA' | 'image';
  out: string;
}

/** A slice or frame index of an --item, and the first-n limit of a --dataset (the API's item and dataset sources). */
export const itemIndex: NumberRange = { integer: true, min: 0 };
export const datasetLimit: NumberRange = { integer: true, min: 1 };

/** "mse+ssim" (default), "mse", "ssim", or weights such as "mse:1,ssim:0.5". */
export function parseDistance(value: string): { mse: number; ssim: number } {
  if (value === 'mse+ssim') return { mse: 1, ssim: 1 };
  if (value === 'mse') return { mse: 1, ssim: 0 };
  if (value === 'ssim') return { mse: 0, ssim: 1 };
  const weights = { mse: 0, ssim: 0 };
  for (const part of value.split(',')) {
    const m = /^(mse|ssim):(\d+(?:\.\d+)?)$/.exec(part.trim());
    if (!m) throw new InvalidArgumentError(`--distance: "${value}" is not mse+ssim, mse, ssim or weights like mse:1,ssim:0.5`);
    weights[m[1] as 'mse' | 'ssim'] = Number(m[2]);
  }
  return weights;
}

export function addProjectionOptions(command: Command): Command {
  return command
    .requiredOption('--model <model>', 'model id, name or directory')
    .option('--image <file>', 'IMG.npy (H×W, N×H×W, N×C×H×W in [−1, 1]) or an 8-bit PNG, at the model resolution')
    .option('--item <id...>', 'catalog ids (volume:3, image:7, series:2, instance:9), DICOM UIDs, NIfTI/PNG paths or catalogued DICOM files, prepared as the model\'s training data')
    .addOption(new Option('--axis <axis>', 'with --item: slice axis (default: the model\'s)').choices(['x', 'y', 'z']))
    .option('--slice <k>', 'with --item: slice index along the axis (default: the middle)', numberOption('--slice', itemIndex))
    .option('--slice-range <a,b>', 'with --item: every slice in this part of the axis (fractions)', fractionPairOption('--slice-range'))
    .option('--frame <n>', 'with --item: frame of a DICOM instance, or of a series in slice order (default 0)', numberOption('--frame', itemIndex))
    .option('--dataset <name>', 'a dataset of the data directory')
    .option('--limit <n>', 'with --dataset: the first n images', numberOption('--limit', datasetLimit))
    .addOption(new Option('--space <space>', 'latent space').choices([...projectionSpaces]).default('wplus'))
    .addOption(new Option('--noise <mode>', 'optimise the noise buffers (kept with the result) or keep the model\'s constant noise').choices([...projectionNoiseModes]).default('optimise'))
    .option('--steps <n>', 'optimisation steps', numberOption('--steps', projectionSettingsSchema.shape.steps), 1000)
    .option('--seed <n>', 'seed of the optimisation', numberOption('--seed', projectionSettingsSchema.shape.seed), 0)
    .option('--batch <n>', 'images optimised together', numberOption('--batch', projectionSettingsSchema.shape.batch), 8)
    .option('--lr <rate>', 'peak learning rate (default: 0.1 for W, the measured W+ default for W+)', numberOption('--lr', projectionSettingsSchema.shape.learningRate))
    .option('--distance <d>', 'mse+ssim, mse, ssim, or weights mse:1,ssim:0.5', 'mse+ssim')
    .addOption(new Option('--preset <modality>', 'for a model that does not record its preprocessing: the dataset builder preset').choices(['MR', 'CT', 'FA', 'image']))
    .requiredOption('--out <dir>', 'folder the result is copied to');
}

export function sourceOf(o: Pick<ProjectionCliOptions, 'image' | 'item' | 'axis' | 'slice' | 'frame' | 'sliceRange' | 'dataset' | 'limit'>): ProjectionSource {
  const given = [o.image, o.item, o.dataset].filter((v) => v !== undefined).length;
  if (given !== 1) throw new InvalidArgumentError('give exactly one of --image, --item or --dataset');
  if (o.image) return { kind: 'file', path: resolve(o.image) };
  if (o.dataset) return { kind: 'dataset', name: o.dataset, ...(o.limit ? { limit: o.limit } : {}) };
  const items = o.item!.map((it) => ({
    // Catalog ids and DICOM UIDs pass as they are; anything else is a path.
    item: /^[a-z]+:\d+$/.test(it) || /^\d+(\.\d+)+$/.test(it) ? it : resolve(it),
    ...(o.axis ? { axis: o.axis } : {}),
    ...(o.slice !== undefined ? { slice: o.slice } : {}),
    ...(o.sliceRange ? { sliceRange: o.sliceRange } : {}),
    ...(o.frame !== undefined ? { frame: o.frame } : {}),
  }));
  return { kind: 'items', items };
}

export function settingsOf(o: ProjectionCliOptions): ProjectionSettingsInput {
  return { space: o.space, noise: o.noise, steps: o.steps, seed: o.seed, batch: o.batch, distance: parseDistance(o.distance), ...(o.lr ? { learningRate: o.lr } : {}) };
}

/** Follows a projection/fidelity job to its end, copies its result folder to `out`, returns the summary. */
export async function followProjection(rt: CliRuntime, start: () => Promise<{ result: string; jobId: string }>, out: string): Promise<Record<string, unknown>> {
  const tty = process.stderr.isTTY && !rt.json;
  let result = '';
  const job = await followJob(
    rt.client,
    async () => {
      const started = await start();
      result = started.result;
      return rt.client.call('jobs.get', { id: started.jobId });
    },
    { onEvent: (event) => tty && showProgress(event, true), interrupt: { method: 'jobs.pause', notice: 'pausing (finished chunks are kept; `latentrad jobs resume` continues)...' } },
  );
  if (tty) process.stderr.write('\n');
  if (job.state === 'failed') throw new ApiError('bad_input', job.error ?? job.message);
  if (job.state !== 'done') throw new ApiError('cancelled', job.message);
  const r = await rt.client.call('projection.result', { id: result });
  const dir = resolve(out);
  cpSync(join(rt.ctx.dataDir, 'results', result), dir, { recursive: true });
  return { result, out: dir, files: r.files.map((f) => join(dir, f.name)), ...(r.summary ?? {}) };
}

/** `gaussian:0.05,0.1 saltpepper:0.02 blur:1,2 inpaint:rect:x,y,w,h|inpaint:MASK.npy` → perturbations. */
export function parsePerturbations(values: string[]): Perturbation[] {
  const out: Perturbation[] = [];
  const numbers = (list: string, what: string): number[] => {
    const ns = list.split(',').map(Number);
    if (ns.length === 0 || ns.some((n) => !(n > 0))) throw new InvalidArgumentError(`--perturb ${what}: "${list}" is not a list of positive numbers`);
    return ns;
  };
  for (const value of values) {
    const [kind, ...rest] = value.split(':');
    const arg = rest.join(':');
    if (kind === 'gaussian') out.push(...numbers(arg, kind).map((sigma) => ({ kind: 'gaussian' as const, sigma })));
    else if (kind === 'saltpepper') out.push(...numbers(arg, kind).map((fraction) => ({ kind: 'saltpepper' as const, fraction })));
    else if (kind === 'blur') out.push(...numbers(arg, kind).map((sigma) => ({ kind: 'blur' as const, sigma })));
    else if (kind === 'inpaint' && arg.startsWith('rect:')) {
      const r = arg.slice(5).split(',').map(Number);
      if (r.length !== 4 || r.some((n) => !Number.isInteger(n)) || r[2] <= 0 || r[3] <= 0) throw new InvalidArgumentError(`--perturb inpaint:rect takes x,y,w,h in pixels, got "${arg}"`);
      out.push({ kind: 'inpaint', rect: [r[0], r[1], r[2], r[3]] });
    } else if (kind === 'inpaint' && arg) out.push({ kind: 'inpaint', mask: resolve(arg) });
    else throw new InvalidArgumentError(`--perturb: "${value}" is not gaussian:σ,…, saltpepper:fraction,…, blur:σ,…, inpaint:rect:x,y,w,h or inpaint:MASK.npy`);
  }
  return out;
}

/** `synthetic:x,y,r,c` or a mask file. */
export function parseLesion(value: string): Lesion {
  if (value.startsWith('synthetic:')) {
    const v = value.slice(10).split(',').map(Number);
    if (v.length !== 4 || v.some((n) => !Number.isFinite(n)) || !(v[2] > 0)) throw new InvalidArgumentError(`--lesion synthetic takes x,y,r,contrast (pixels and the [−1, 1] scale), got "${value}"`);
    return { kind: 'synthetic', x: v[0], y: v[1], r: v[2], contrast: v[3] };
  }
  return { kind: 'mask', path: resolve(value) };
}

function humanFidelity(s: Record<string, unknown>): string {
  const rows = (s.rows as Array<{ image: number; copy: string; vsOriginal: { ssim: number; mse: number; psnr: number | null }; vsInput: { ssim: number } }> | undefined) ?? [];
  const lines = rows.slice(0, 40).map((r) => `  ${String(r.image).padStart(3)}  ${r.copy.padEnd(24)} SSIM ${r.vsOriginal.ssim.toFixed(4)}  MSE ${r.vsOriginal.mse.toExponential(3)}  PSNR ${r.vsOriginal.psnr?.toFixed(2) ?? '∞'} dB  (vs input SSIM ${r.vsInput.ssim.toFixed(4)})`);
  const lesion = s.lesion as { description: string; perImage: Array<{ image: number; numbers: { ssimInside: number; ssimOutside: number; mseRatio: number }; contrastRecoveredPercent: number | null }> } | null;
  if (lesion) {
    lines.push(`lesion: ${lesion.description}`);
    for (const l of lesion.perImage) lines.push(`  ${String(l.image).padStart(3)}  SSIM inside ${l.numbers.ssimInside.toFixed(4)} / outside ${l.numbers.ssimOutside.toFixed(4)}, MSE ratio ${l.numbers.mseRatio.toFixed(2)}${l.contrastRecoveredPercent === null ? '' : `, contrast recovered ${l.contrastRecoveredPercent.toFixed(1)} %`}`);
  }
  return [`fidelity report ${String(s.result)} → ${String(s.out)} (report.html, table.csv, maps/)`, `mean SSIM ${Number(s.meanSsim).toFixed(4)} (wang2004, data range 1 on [0, 1]), mean MSE ${Number(s.meanMse).toExponential(3)} on [0, 1]`, ...lines].join('\n');
}

function human(s: Record<string, unknown>): string {
  const rows = (s.rows as Array<{ item: string; slice: number | null; ssim: number; mse: number }> | undefined) ?? [];
  const lines = rows.slice(0, 20).map((r, i) => `  ${String(i).padStart(4)}  SSIM ${r.ssim.toFixed(4)}  MSE ${r.mse.toExponential(3)}  ${r.item}${r.slice !== null ? ` slice ${r.slice}` : ''}`);
  if (rows.length > 20) lines.push(`  … ${rows.length - 20} more in index.csv`);
  return [`result ${String(s.result)} → ${String(s.out)}`, `mean SSIM ${Number(s.meanSsim).toFixed(4)} (wang2004, data range 1 on [0, 1]), mean MSE ${Number(s.meanMse).toExponential(3)} on [0, 1]`, ...lines].join('\n');
}

export function registerProjectionCommands(program: Command): void {
  addProjectionOptions(program.command('fidelity').description('fidelity report: project images and perturbed copies, SSIM/MSE/PSNR/NRMSE, difference and SSIM maps, lesion inside/outside; HTML, CSV, PNG'))
    .option('--perturb <spec...>', 'gaussian:0.05,0.1 saltpepper:0.02 blur:1,2 inpaint:rect:x,y,w,h or inpaint:MASK.npy (model scale [−1, 1])')
    .option('--lesion <spec>', 'a mask (.npy/PNG at the model resolution) or synthetic:x,y,r,contrast')
    .action(async (opts: ProjectionCliOptions & { perturb?: string[]; lesion?: string }, command: Command) => {
      await runWith(
        command,
        (rt) =>
          followProjection(
            rt,
            async () => {
              const r = await rt.client.call('projection.fidelity', {
                model: opts.model,
                source: sourceOf(opts),
                settings: settingsOf(opts),
                perturbations: parsePerturbations(opts.perturb ?? []),
                ...(opts.lesion ? { lesion: parseLesion(opts.lesion) } : {}),
                ...(opts.preset ? { preset: opts.preset } : {}),
              });
              return { jobId: r.job.id, result: r.result };
            },
            opts.out,
          ),
        humanFidelity,
      );
    });

  addProjectionOptions(program.command('project').description('project real images into a generator (NVlabs projector schedule): a latent set (latents.npy, index.csv, meta.json, projected_w/, projections.npy)')).action(
    async (opts: ProjectionCliOptions, command: Command) => {
      await runWith(
        command,
        (rt) =>
          followProjection(
            rt,
            async () => {
              const r = await rt.client.call('projection.project', { model: opts.model, source: sourceOf(opts), settings: settingsOf(opts), ...(opts.preset ? { preset: opts.preset } : {}) });
              return { jobId: r.job.id, result: r.result };
            },
            opts.out,
          ),
        human,
      );
    },
  );
}
