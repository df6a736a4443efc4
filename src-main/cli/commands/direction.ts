// `latentrad direction`, `edit`, `export-series` and `eigen`: directions, edit series and eigencomponents. The API
// writes into a result folder; these commands copy the files to the user's --out.
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { MethodInput } from '../../../src-shared/api/contract.js';
import { cohortBuiltSchema, cohortInputSchema, editSourceSchema, findInputSchema, seriesInfoSchema } from '../../../src-shared/api/direction.js';
import type { CohortBuilt, CohortInput, CohortOutput, FindOutput, SeriesInfo } from '../../../src-shared/api/direction.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import { eigenInputSchema, eigenOutputSchema } from '../../../src-shared/api/eigen.js';
import type { EigenInput, EigenOutput } from '../../../src-shared/api/eigen.js';
import type { ResultRef } from '../../../src-shared/api/results.js';
import { seriesIdSchema } from '../../../src-shared/api/catalog.js';
import { isResultId, resultRef } from '../../results/store.js';
import { editOfLabel, editPairLabel } from '../../../src-shared/catalog/editPairs.js';
import { checkOutFolder, exportResultFile, exportResultFiles } from '../exportResult.js';
import { followJob, showProgress } from '../followJob.js';
import type { FollowOptions } from '../followJob.js';
import type { CliRuntime } from '../runtime.js';
import { runWith } from '../runtime.js';
import { collect, fmt, parseAlphas } from './analysis.js';
import type { Exported } from './analysis.js';
import { fractionPairOption, numberOption, parseNumberIn } from '../numberOption.js';
import { projectionSettingsSchema } from '../../../src-shared/api/projectionSettings.js';

/** A result id as it is, a path made absolute. */
const ref = (value: string): string => (isResultId(value) ? value : resolve(value));

/** Copies result files: `pairs` maps a file name in the result to a destination path. */
function copyOut(rt: CliRuntime, result: ResultRef, pairs: Array<[string, string]>): string[] {
  return pairs.map(([name, dest]) => exportResultFile(rt.ctx.dataDir, result, name, dest));
}

/** `--out X.npy`: the array there and its sidecar as X.json beside it. */
function arrayAndSidecar(out: string, array: string, sidecar: string): Array<[string, string]> {
  const dest = resolve(out);
  if (!dest.toLowerCase().endsWith('.npy')) throw new InvalidArgumentError(`--out ${out}: give a path ending in .npy`);
  return [[array, dest], [sidecar, dest.replace(/\.npy$/i, '.json')]];
}

function parseLayers(value: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(value.trim());
  if (!m || Number(m[1]) > Number(m[2])) throw new InvalidArgumentError(`--layers "${value}": use first-last, e.g. 0-5`);
  return [Number(m[1]), Number(m[2])];
}

export function registerDirectionCommands(program: Command): void {
  program
    .command('cohort')
    .description('a cohort: a catalog selection split into two groups, with codes from the projection capability (cached); a latent set + labels.npy (0 = group a)')
    .requiredOption('--model <model>', 'model id, name or directory')
    .option('--where <term>', 'a term every member satisfies: key=value (with *), key<n, key>n, key<=n, key>=n (repeatable)', collect, [])
    .requiredOption('--group-a <term>', 'a term of group a (label 0), e.g. "age<35" (repeatable)', collect, [])
    .requiredOption('--group-b <term>', 'a term of group b (label 1), e.g. "age>60" (repeatable)', collect, [])
    .addOption(new Option('--entities <kind>', 'catalog entries').choices(['volumes', 'images']).default('volumes'))
    .addOption(new Option('--axis <axis>', 'slice axis of volumes').choices(['x', 'y', 'z']).default('z'))
    .option('--slice-range <a,b>', 'every --step-th slice in this part of the axis (default: the middle slice)', fractionPairOption('--slice-range'))
    .option('--step <n>', 'slice step within --slice-range', numberOption('--step', cohortInputSchema.shape.step), 1)
    .addOption(new Option('--space <space>', 'latent space of the codes').choices(['w', 'wplus']).default('w'))
    .addOption(new Option('--noise <mode>', 'projection noise').choices(['const', 'optimise']).default('const'))
    .option('--steps <n>', 'projection steps (with --method encode+refine: refinement steps from the encoder\'s codes)', numberOption('--steps', projectionSettingsSchema.shape.steps), 200)
    .addOption(new Option('--method <method>', 'how codes are made: projection, one pass of an encoder (its space, constant noise), or the encoder refined by --steps projector steps').choices(['project', 'encode', 'encode+refine']).default('project'))
    .option('--encoder <name>', 'with an encoder method: one of the model\'s encoders (default: the shipped one, else the newest)')
    .option('--batch <n>', 'images projected together', numberOption('--batch', projectionSettingsSchema.shape.batch), 8)
    .option('--seed <n>', 'seed of the projection', numberOption('--seed', projectionSettingsSchema.shape.seed), 0)
    .option('--dry-run', 'only count the members of each group')
    .option('--out <dir>', 'where to copy the latent set (latents.npy, index.csv, labels.npy, meta.json)')
    .action(async (opts: Record<string, unknown>, command: Command) => {
      if (!opts.dryRun && typeof opts.out !== 'string') throw new InvalidArgumentError('--out is required (or --dry-run to count the groups)');
      await runWith(
        command,
        async (rt) => {
          const input = {
            model: String(opts.model),
            where: opts.where as string[],
            groupA: opts.groupA as string[],
            groupB: opts.groupB as string[],
            entities: opts.entities as 'volumes' | 'images',
            axis: opts.axis as 'x' | 'y' | 'z',
            sliceRange: opts.sliceRange as [number, number] | undefined,
            step: opts.step as number,
            settings: { space: opts.space as 'w' | 'wplus', noise: opts.noise as 'const' | 'optimise', steps: opts.steps as number, batch: opts.batch as number, seed: opts.seed as number },
            method: opts.method as 'project' | 'encode' | 'encode+refine',
            ...(typeof opts.encoder === 'string' ? { encoder: opts.encoder } : {}),
          };
          if (opts.dryRun) {
            const counted = await rt.client.call('direction.cohort', { ...input, dryRun: true });
            return { groups: counted.groups, built: null, exported: [] };
          }
          const built = await followCohort(rt, input);
          const exported = exportResultFiles(rt.ctx.dataDir, resultRef(rt.ctx.dataDir, built.result), String(opts.out));
          return { groups: built.groups, built, exported };
        },
        formatCohort,
      );
    });

  program
    .command('direction')
    .description('a unit latent direction from labelled codes (svm | lda | mean) or edit pairs (pair); writes D.npy + D.json (σ, report)')
    .requiredOption('--latents <file|result>', 'N×d (W) or N×L×d (W+) codes (latents.npy of a latent set, with index.csv beside it), or a cohort result id')
    .option('--labels <file>', '.npy or .csv, one label per code (default: labels.npy of the latent set)')
    .option('--label-column <name>', 'a numeric column of index.csv (e.g. age) instead of a labels file')
    .option('--threshold <t>', 'numeric labels: value < t is class 0, ≥ t class 1', numberOption('--threshold', findInputSchema.shape.threshold))
    .option('--quantile <q>', 'numeric labels: lowest q vs highest q (0.33 = thirds)', numberOption('--quantile', findInputSchema.shape.quantile))
    .addOption(new Option('--method <name>', 'how to find the direction').choices(['svm', 'lda', 'mean', 'pair']).makeOptionMandatory())
    .option('--edited <file.npy>', 'pair: codes of the edited images E(I*), matching --latents')
    .option('--condition <file.npy>', 'a direction to project out (repeatable)', collect, [])
    .option('--confounder <column>', 'an index.csv column to audit (repeatable): cosine with its direction before/after', collect, [])
    .option('--condition-on-confounders', 'also project the confounders out (conditional direction)')
    .option('--validation <fraction>', 'held-out fraction per class (whole subjects when index.csv names them)', numberOption('--validation', findInputSchema.shape.validationFraction), 0.3)
    .option('--seed <n>', 'seed of the train/held-out split', numberOption('--seed', findInputSchema.shape.seed), 0)
    .option('--c <C>', 'SVM regularisation (LinearSVC C)', numberOption('--c', findInputSchema.shape.c), 1)
    .option('--shrinkage <s>', 'LDA shrinkage: auto (Ledoit–Wolf), none, or 0..1', 'auto')
    .requiredOption('--out <D.npy>', 'where to write the unit direction (the sidecar goes beside it as .json)')
    .action(async (opts: Record<string, unknown>, command: Command) => {
      const shrinkageText = String(opts.shrinkage);
      const shrinkage = shrinkageText === 'auto' || shrinkageText === 'none' ? shrinkageText : parseNumberIn('--shrinkage', { integer: false, min: 0, max: 1 }, shrinkageText);
      const targets = arrayAndSidecar(String(opts.out), 'D.npy', 'D.json');
      await runWith(
        command,
        async (rt) => {
          const result = await rt.client.call('direction.find', {
            latents: ref(String(opts.latents)),
            labels: typeof opts.labels === 'string' ? resolve(opts.labels) : undefined,
            labelColumn: opts.labelColumn as string | undefined,
            threshold: opts.threshold as number | undefined,
            quantile: opts.quantile as number | undefined,
            method: opts.method as FindOutput['method'],
            edited: typeof opts.edited === 'string' ? resolve(opts.edited) : undefined,
            conditions: (opts.condition as string[]).map((p) => resolve(p)),
            confounders: opts.confounder as string[],
            condition: Boolean(opts.conditionOnConfounders),
            validationFraction: opts.validation as number,
            seed: opts.seed as number,
            c: opts.c as number,
            shrinkage,
          });
          return { ...result, exported: copyOut(rt, result.result, targets) };
        },
        formatFind,
      );
    });

  program
    .command('pair')
    .description('link an edited copy I* or a follow-up (imported into the catalog) to its original I or baseline, for the pair method: labels edit_of and edit_pair')
    .argument('<edited>', 'the edited copy or follow-up: entity id, UID or catalogued path')
    .option('--original <ref>', 'its original or baseline: entity id, UID or catalogued path')
    .option('--unlink', 'remove the link of <edited> instead')
    .action(async (editedRef: string, opts: { original?: string; unlink?: boolean }, command: Command) => {
      if (!opts.original === !opts.unlink) throw new InvalidArgumentError('give --original <ref> to link, or --unlink to remove the link');
      await runWith(
        command,
        (rt) => rt.client.call('direction.linkPair', { edited: editedRef, original: opts.original ?? null }),
        (r) =>
          r.original
            ? `${r.edited} is the edited copy of ${r.original} (${editOfLabel}=${r.original}); cohort: --group-a ${editPairLabel}=original --group-b ${editPairLabel}=edited, then direction --method pair`
            : `${r.edited} is no longer linked${r.previous ? ` to ${r.previous}` : ''}`,
      );
    });

  program
    .command('edit')
    .description('an edit series w + α·v along a direction: SERIES.npy (K×S×H×W, synthetic) + SERIES.json')
    .requiredOption('--model <model>', 'model id, name or directory')
    .option('--seed <s>', 'edit the image of this latent seed', numberOption('--seed', editSourceSchema.options[0].shape.seed))
    .option('--w <file>', 'edit this W code (.npy or NVlabs projected_w.npz)')
    .option('--latents <file|result>', 'edit rows of a latent set (with --index)')
    .option('--index <rows>', 'row(s) of --latents: one row, or several (slice positions of one subject) as 3,4,5')
    .requiredOption('--direction <D.npy|result>', 'the direction (its .json sidecar gives σ)')
    .option('--alphas <spec>', 'α grid: start:stop:count or a list', parseAlphas)
    .addOption(new Option('--alpha-unit <unit>', 'sigma: the cohort σ along the direction; raw: the direction’s own length').choices(['sigma', 'raw']).default('sigma'))
    .addOption(new Option('--space <space>', 'W (every layer) or W+ (per layer, with --layers)').choices(['w', 'wplus']).default('w'))
    .option('--layers <a-b>', 'edit only these layers (W+)', parseLayers)
    .requiredOption('--out <SERIES.npy>', 'where to write the series (SERIES.json beside it)')
    .action(async (opts: Record<string, unknown>, command: Command) => {
      const given = ['seed', 'w', 'latents'].filter((k) => opts[k] !== undefined);
      if (given.length !== 1) throw new InvalidArgumentError('give exactly one source: --seed, --w or --latents with --index');
      if (opts.latents !== undefined && opts.index === undefined) throw new InvalidArgumentError('--latents needs --index (the row or rows to edit)');
      const rows = typeof opts.index === 'string' ? opts.index.split(',').map((v) => parseNumberIn('--index', { integer: true, min: 0 }, v)) : [];
      const source =
        opts.seed !== undefined
          ? { kind: 'seed' as const, seed: opts.seed as number }
          : opts.w !== undefined
            ? { kind: 'w' as const, path: resolve(String(opts.w)) }
            : { kind: 'latents' as const, latents: ref(String(opts.latents)), rows };
      const targets = arrayAndSidecar(String(opts.out), 'SERIES.npy', 'SERIES.json');
      await runWith(
        command,
        async (rt) => {
          const result = await followEdit(rt, {
            model: String(opts.model),
            direction: ref(String(opts.direction)),
            source,
            alphas: opts.alphas as number[] | undefined,
            alphaUnit: opts.alphaUnit as 'sigma' | 'raw',
            space: opts.space as 'w' | 'wplus',
            layers: opts.layers as [number, number] | undefined,
          });
          return { ...result, exported: copyOut(rt, result.result, targets) };
        },
        formatSeries,
      );
    });

  program
    .command('export-series')
    .description('export an edit series as synthetic DICOM, NIfTI, animated GIF or PNG frames')
    .argument('<series>', 'SERIES.npy (SERIES.json beside it) or an edit result id')
    .option('--dicom <dir>', 'a derived DICOM series (Synthetic Data = YES, new UIDs)')
    .option('--nifti <file.nii.gz>', 'one NIfTI volume (x, y, slice position, α)')
    .option('--gif <file.gif>', 'an animated GIF through α')
    .option('--png <dir>', 'one PNG per image')
    .action(async (series: string, opts: Record<string, string | undefined>, command: Command) => {
      const formats = (['dicom', 'nifti', 'gif', 'png'] as const).filter((f) => opts[f] !== undefined);
      if (formats.length !== 1) throw new InvalidArgumentError('give exactly one of --dicom, --nifti, --gif, --png');
      const format = formats[0];
      const dest = resolve(opts[format]!);
      await runWith(
        command,
        async (rt) => {
          const result = await rt.client.call('direction.exportSeries', { series: ref(series), format });
          const single = (format === 'nifti' || format === 'gif') && result.result.files.length === 1;
          const pairs: Array<[string, string]> = result.result.files.map((name) => [name, single ? dest : join(dest, basename(name))]);
          return { ...result, exported: copyOut(rt, result.result, pairs) };
        },
        (r) => [`${r.result.files.length} ${r.format} file(s), marked SYNTHETIC (result ${r.result.id})`, ...r.exported.map((p) => `wrote ${p}`)].join('\n'),
      );
    });

  program
    .command('eigen')
    .description('eigencomponents of an ordered stack (SERIES.npy with SERIES.json, a bare K×H×W / K×S×H×W stack with --alphas, or a catalog DICOM series)')
    .argument('<series>', 'SERIES.npy, a bare stack, an edit result id, or a catalog series series:<n> (frames in instance order)')
    .option('--alphas <spec>', 'α per image, for a bare stack (or per frame of a catalog series instead of its frame index): start:stop:count or a list', parseAlphas)
    .option('--mask <auto|none|file>', 'foreground: Otsu on the α = 0 image, every voxel, or a mask file', 'auto')
    .option('--components <k>', 'component maps to write', numberOption('--components', eigenInputSchema.shape.components), 5)
    .option('--uncentred', 'analyse MᵀM instead of the covariance of mean-centred images')
    .option('--nifti', 'also write the maps into the source volume with its affine (components.nii.gz, subtraction.nii.gz); for a series cut from a volume')
    .requiredOption('--out <dir>', 'output folder (eigen.json, position_k/components.npy and PNG maps, joint/, reference/subtraction/mask .npy)')
    .action(async (series: string, opts: { alphas?: number[]; mask: string; components: number; uncentred?: boolean; nifti?: boolean; out: string }, command: Command) => {
      await runWith(
        command,
        async (rt) => {
          // Every file argument is checked before the job exists: the mask and the series by the API, --out here.
          checkOutFolder(opts.out);
          const result = await followEigen(rt, {
            // A catalog series id is the catalog's, not a file in the working folder.
            series: seriesIdSchema.safeParse(series).success ? series : ref(series),
            alphas: opts.alphas,
            mask: ['auto', 'none'].includes(opts.mask) ? opts.mask : resolve(opts.mask),
            components: opts.components,
            centred: !opts.uncentred,
            nifti: opts.nifti === true,
          });
          return { ...result, exported: exportResultFiles(rt.ctx.dataDir, result.result, opts.out) };
        },
        formatEigen,
      );
    });
}

/**
 * Follows a job to its end (progress and ETA on a terminal, Ctrl+C asks `interrupt`) and returns its result, parsed;
 * a failed job is an error with its message, a cancelled or paused one `cancelled` naming the job.
 */
async function followToResult<T>(rt: CliRuntime, submit: () => Promise<Job>, parse: (result: unknown) => T, interrupt: FollowOptions['interrupt']): Promise<T> {
  const tty = process.stderr.isTTY && !rt.json;
  const job = await followJob(rt.client, submit, { onEvent: (event) => tty && showProgress(event, true), interrupt });
  if (tty) process.stderr.write('\n');
  if (job.state === 'failed') throw new ApiError('bad_input', job.error ?? job.message);
  if (job.state !== 'done') throw new ApiError('cancelled', `${job.message} (job ${job.id})`);
  return parse(job.result);
}

function followCohort(rt: CliRuntime, input: CohortInput): Promise<CohortBuilt> {
  const submit = async (): Promise<Job> => {
    const started = await rt.client.call('direction.cohort', input);
    if (!started.job) throw new ApiError('internal', 'a cohort that is not a dry run returned no job');
    return started.job;
  };
  return followToResult(rt, submit, (r) => cohortBuiltSchema.parse(r), { method: 'jobs.cancel', notice: 'cancelling the cohort (running it again reuses the codes already cached)...' });
}

/** An edit series: Ctrl+C pauses, `latentrad jobs resume` makes the rest. */
function followEdit(rt: CliRuntime, input: MethodInput<'direction.editSeries'>): Promise<SeriesInfo> {
  const submit = async (): Promise<Job> => (await rt.client.call('direction.editSeries', input)).job;
  return followToResult(rt, submit, (r) => seriesInfoSchema.parse(r), { method: 'jobs.pause', notice: 'pausing (the images made so far are kept; `latentrad jobs resume` makes the rest)...' });
}

function followEigen(rt: CliRuntime, input: EigenInput): Promise<EigenOutput> {
  const submit = async (): Promise<Job> => (await rt.client.call('eigen.components', input)).job;
  return followToResult(rt, submit, (r) => eigenOutputSchema.parse(r), { method: 'jobs.cancel', notice: 'cancelling the eigen analysis...' });
}

export function formatCohort(c: { groups: CohortOutput['groups']; built: CohortBuilt | null } & Exported): string {
  const lines = c.groups.map((g) => `group ${g.name} (${g.terms.join(' ')}): ${g.items} items, ${g.subjects} subjects, ${g.codes} codes`);
  if (c.built) {
    lines.push(`${c.built.reused} codes reused from the projection cache, ${c.built.projected} projected`);
    lines.push(`confounders (index.csv columns that vary): ${c.built.confounders.join(', ') || 'none'}`, `result ${c.built.result}`);
  }
  lines.push(...c.exported.map((p) => `wrote ${p}`));
  return lines.join('\n');
}

export function formatFind(d: FindOutput & Exported): string {
  const lines = [`${d.method} direction in ${d.dimensions} dimensions (${d.space}) from ${d.samples} codes${d.classes.length ? ` (${d.classes[0]} → ${d.classes[1]})` : ''}, split by ${d.splitBy}`];
  for (const [name, split] of [['train', d.train], ['held-out', d.validation]] as const) {
    if (!split) continue;
    lines.push(`${name.padEnd(9)} n=${split.count} (${split.subjects} subjects)  accuracy ${(100 * split.accuracy).toFixed(1)}%  AUC ${fmt(split.auc, 4)}  separation ${fmt(split.separation, 4)}`);
  }
  if (d.sigma !== null) lines.push(`σ along the direction (pooled within-group): ${fmt(d.sigma, 4)}`);
  for (const c of d.confounders) lines.push(`confounder ${c.name}: cosine ${fmt(c.before, 3)} before, ${fmt(c.after, 3)} after`);
  if (d.conditionedCosine < 1 - 1e-12) lines.push(`conditioned: cosine with the raw direction ${fmt(d.conditionedCosine, 4)}`);
  lines.push(...d.notes, `result ${d.result.id}`, ...d.exported.map((p) => `wrote ${p}`));
  return lines.join('\n');
}

export function formatSeries(s: SeriesInfo & Exported): string {
  return [
    `SYNTHETIC edit series ${s.shape.join('×')} (K×S×H×W), α ${fmt(s.alphas[0], 4)}..${fmt(s.alphas[s.alphas.length - 1], 4)} ${s.alphaUnit} (1 = ${fmt(s.scale, 4)}), output range ${fmt(s.range[0], 4)}..${fmt(s.range[1], 4)}`,
    `result ${s.result.id}`,
    ...s.exported.map((p) => `wrote ${p}`),
  ].join('\n');
}

export function formatEigen(e: EigenOutput & Exported): string {
  // A catalog series' default α is its frame index: say so rather than "in frame index units".
  const alpha = e.alphaUnit === 'frame index' ? 'α = frame index (instance order, not time)' : `α from ${e.alphaSource}${e.alphaUnit ? ` in ${e.alphaUnit} units` : ''}`;
  const lines = [`${e.catalogSeries ? `${e.catalogSeries}: ` : ''}${e.imageCount} images of ${e.imageShape.join('×')} (S×H×W), ${alpha}, reference image ${e.referenceIndex} (α = ${e.alphas[e.referenceIndex]})${e.synthetic ? ', derived from SYNTHETIC images' : ''}`];
  for (const p of [...e.positions, ...(e.joint ? [e.joint] : [])]) {
    lines.push(`${p.name}: ${p.voxelCount} foreground voxels (${p.mask.source})`, 'component  eigenvalue     explained  poly R²');
    lines.push(...p.eigenvalues.slice(0, 5).map((v, i) => `${String(i + 1).padStart(9)}  ${fmt(v).padEnd(13)}  ${(100 * p.explainedVariance[i]).toFixed(2).padStart(8)}%  ${fmt(p.polynomial[i].r2, 4)}`));
    lines.push(`component 2 vs subtraction (image ${p.subtraction.toIndex} − image ${p.subtraction.fromIndex}): r = ${fmt(p.subtraction.correlationWithComponent2, 4)}`);
  }
  lines.push(`component 2 linear in α: R² ${fmt(e.linearCheck.r2, 4)} → ${e.linearCheck.pass ? 'PASS' : 'FAIL'} (threshold ${e.linearCheck.threshold})`);
  lines.push(`result ${e.result.id}`, ...e.exported.map((p) => `wrote ${p}`));
  return lines.join('\n');
}
