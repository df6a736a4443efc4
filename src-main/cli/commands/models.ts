// `latentrad import-model`, `latentrad models`, `latentrad remove-model` and `latentrad generate`.
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { encoderTrainingText } from '../../../src-shared/api/encoder.js';
import type { ModelSummary } from '../../../src-shared/api/models.js';
import { generateInputSchema, modelNoiseModes } from '../../../src-shared/api/models.js';
import { seedList } from '../../../src-shared/api/seeds.js';
import { exportResultFile, exportResultFiles } from '../exportResult.js';
import { runWith } from '../runtime.js';
import { numberOption } from '../numberOption.js';

/** "0-7", "1,3,5" or a mix such as "0-3,10" → seed list (NVlabs generate.py syntax); a bad list is a usage error. */
export function parseSeeds(value: string): number[] {
  try {
    return seedList(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function formatModel(m: ModelSummary): string {
  const p = m.provenance;
  const extra = [p.dataset ? `data ${p.dataset}` : '', p.kimg !== undefined ? `${p.kimg} kimg` : '', p.inputFile ? `from ${p.inputFile}` : ''].filter(Boolean).join(', ');
  return [
    `${m.id}  ${m.name}${m.location === 'embedded' ? '  (embedded)' : ''}`,
    `    ${m.resolution}×${m.resolution}×${m.imgChannels}, z ${m.zDim}, w ${m.wDim} × ${m.numWs}${m.hasDiscriminator ? ', with discriminator' : ''}`,
    `    ${p.source}: ${p.description}${extra ? ` (${extra})` : ''}`,
    ...m.encoders.map((e) => `    encoder ${e.name}${e.location === 'embedded' ? ' (shipped)' : ''}: ${e.space === 'w' ? 'W' : 'W+'}, ${encoderTrainingText(e)}`),
  ].join('\n');
}

export function registerModelsCommands(program: Command): void {
  program
    .command('import-model')
    .description('check a model directory (model.json + safetensors, e.g. from scripts/export_stylegan2_ada.py) and add it to the data directory')
    .argument('<dir>', 'model directory')
    .option('--name <name>', 'name to show instead of the one in model.json')
    .action(async (dir: string, opts: { name?: string }, command: Command) => {
      await runWith(
        command,
        (rt) => rt.client.call('models.import', { path: resolve(dir), ...(opts.name ? { name: opts.name } : {}) }),
        (r) => `${r.alreadyPresent ? 'already imported' : 'imported'}: ${r.model.id}\n${formatModel(r.model)}`,
      );
    });

  program
    .command('models')
    .description('list generator models (imported and embedded) with their provenance')
    .action(async (_opts: unknown, command: Command) => {
      await runWith(command, (rt) => rt.client.call('models.list', {}), (r) => (r.models.length === 0 ? 'no models yet: `latentrad import-model DIR` adds one' : r.models.map(formatModel).join('\n')));
    });

  program
    .command('remove-model')
    .description('delete an imported model from the data directory')
    .argument('<model>', 'model id or name')
    .action(async (model: string, _opts: unknown, command: Command) => {
      await runWith(command, (rt) => rt.client.call('models.remove', { model }), (r) => `removed ${r.removed}`);
    });

  program
    .command('generate')
    .description('generate images from seeds, z or w: OUT.npy (float32 NCHW raw output) or OUT_DIR/ (PNGs marked synthetic)')
    .requiredOption('--model <model>', 'model id, name or directory')
    .option('--seeds <list>', 'seeds such as 0-7 or 1,5,9 (z drawn as NVlabs generate.py does)', parseSeeds)
    .option('--z <file.npy>', 'latents z, [N, zDim]')
    .option('--w <file>', 'latents w: .npy [N, wDim] or [N, numWs, wDim], or projected_w.npz from NVlabs projector.py')
    .option('--trunc <psi>', 'truncation ψ', numberOption('--trunc', generateInputSchema.shape.psi), 1)
    .option('--trunc-cutoff <layers>', 'truncate only the first N of the num_ws layers', numberOption('--trunc-cutoff', generateInputSchema.shape.cutoff))
    .addOption(new Option('--noise-mode <mode>', 'per-layer noise').choices([...modelNoiseModes]).default('const'))
    .option('--noise-from <file.npz>', "a projection's projected_w/<row>.npz: its optimised noise buffers replace the constant noise (and its w is used when no --seeds, --z or --w)")
    .requiredOption('--out <path>', 'OUT.npy or an output folder')
    .action(async (opts: { model: string; seeds?: number[]; z?: string; w?: string; trunc: number; truncCutoff?: number; noiseMode: (typeof modelNoiseModes)[number]; noiseFrom?: string; out: string }, command: Command) => {
      const given = [opts.seeds, opts.z, opts.w].filter((v) => v !== undefined).length;
      if (given > 1 || (given === 0 && opts.noiseFrom === undefined)) throw new InvalidArgumentError('give exactly one of --seeds, --z or --w (or only --noise-from)');
      if (opts.noiseFrom !== undefined && opts.noiseMode !== 'const') throw new InvalidArgumentError('--noise-from replaces the constant noise: it cannot be combined with --noise-mode ' + opts.noiseMode);
      const toNpy = extname(opts.out).toLowerCase() === '.npy';
      await runWith(
        command,
        async (rt) => {
          const value = await rt.client.call('models.generate', {
            model: opts.model,
            ...(opts.seeds ? { seeds: opts.seeds } : {}),
            ...(opts.z ? { zPath: resolve(opts.z) } : {}),
            ...(opts.w ? { wPath: resolve(opts.w) } : {}),
            ...(opts.noiseFrom ? { noisePath: resolve(opts.noiseFrom) } : {}),
            psi: opts.trunc,
            cutoff: opts.truncCutoff ?? null,
            noiseMode: opts.noiseMode,
            format: toNpy ? 'npy' : 'png',
          });
          const exported = toNpy ? [exportResultFile(rt.ctx.dataDir, value.result, 'images.npy', opts.out)] : exportResultFiles(rt.ctx.dataDir, value.result, opts.out);
          return { ...value, exported };
        },
        (r) =>
          `${r.count} image${r.count === 1 ? '' : 's'} [${r.shape.join('×')}] from ${r.model} on ${r.backend} in ${(r.elapsedMs / 1000).toFixed(2)} s; output range [${r.range[0].toFixed(3)}, ${r.range[1].toFixed(3)}]\n` +
          (r.exported.length <= 8 ? r.exported.join('\n') : `${r.exported.slice(0, 3).join('\n')}\n… ${r.exported.length - 3} more in ${resolve(opts.out)}`),
      );
    });
}
