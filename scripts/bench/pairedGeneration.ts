// bench:gan's interleaved generation comparison: ours (OnnxGenerator, batch B, noise const) and NVlabs' Generator
// (a Python child kept alive, scripts/bench/nvlabs_generate_rounds.py) take turns in short rounds, so both sides
// see the same machine load; the result is the median over rounds of each side's seconds per image and of the
// per-round ratio. On a shared, loaded VM this is the comparison that means something ("the same minute").
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { OnnxGenerator } from '../../src-main/ml/onnx/onnxGenerator.js';
import { resolveConfig } from '../../src-main/ml/stylegan2/config.js';
import type { StyleGan2Config } from '../../src-main/ml/stylegan2/config.js';
import { Rng } from '../../src-main/ml/stylegan2/random.js';
import { generatorParamSpecs, initialArrays } from '../../src-main/ml/stylegan2/specs.js';
import { nvlabsBenchScript, referencePython } from './reference.js';

export interface PairedGeneration {
  threads: number;
  rounds: number;
  /** Median seconds per image over the rounds: CPU (process, all threads) and wall, ours and NVlabs'. */
  ours: { cpu: number; wall: number };
  nvlabs: { cpu: number; wall: number };
  /** Median over rounds of (ours ÷ NVlabs) seconds per image, by CPU and by wall clock. */
  ratio: { cpu: number; wall: number };
  torch: string;
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * `rounds` alternations of `batchesPerRound` batches each side, at `threads` intra-op threads (both engines).
 * Resolves null with a reason when the reference cannot run here (no torch, no NVlabs code).
 */
export async function pairedGeneration(network: Partial<StyleGan2Config> & { resolution: number }, batch: number, threads: number, rounds = 7, batchesPerRound = 6): Promise<PairedGeneration | { missing: string }> {
  if (!existsSync(nvlabsBenchScript)) return { missing: `${nvlabsBenchScript} not found` };
  if (!existsSync(referencePython)) return { missing: `${referencePython} not found` };
  const config = resolveConfig(network);
  const G = OnnxGenerator.create(config, initialArrays(generatorParamSpecs(config), 0), { threads });
  const z = new Rng(1).normalArray(batch * config.zDim);
  const script = join(dirname(fileURLToPath(import.meta.url)), 'nvlabs_generate_rounds.py');
  const python = spawn(referencePython, [script, dirname(nvlabsBenchScript), JSON.stringify({ res: config.resolution, channels: config.imgChannels, z_dim: config.zDim, w_dim: config.wDim, mapping_layers: config.mappingLayers, cbase: config.channelBase, cmax: config.channelMax, batch, threads })], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  python.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const lines = createInterface({ input: python.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`NVlabs rounds ended: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  try {
    const ready = await next();
    await G.generate(z, batch, { noise: 'const' }); // warm-up (sessions built)
    const ours: Array<{ cpu: number; wall: number }> = [];
    const theirs: Array<{ cpu: number; wall: number }> = [];
    for (let r = 0; r < rounds; r++) {
      const c = cpuSeconds();
      const t = performance.now();
      for (let b = 0; b < batchesPerRound; b++) await G.generate(z, batch, { noise: 'const' });
      const images = batch * batchesPerRound;
      ours.push({ cpu: (cpuSeconds() - c) / images, wall: (performance.now() - t) / 1000 / images });
      python.stdin.write(`${batchesPerRound}\n`);
      const v = await next();
      theirs.push({ cpu: Number(v.cpu) / Number(v.images), wall: Number(v.wall) / Number(v.images) });
    }
    return {
      threads,
      rounds,
      ours: { cpu: median(ours.map((o) => o.cpu)), wall: median(ours.map((o) => o.wall)) },
      nvlabs: { cpu: median(theirs.map((o) => o.cpu)), wall: median(theirs.map((o) => o.wall)) },
      ratio: { cpu: median(ours.map((o, i) => o.cpu / theirs[i].cpu)), wall: median(ours.map((o, i) => o.wall / theirs[i].wall)) },
      torch: String(ready.torch ?? ''),
    };
  } catch (error) {
    return { missing: (error as Error).message };
  } finally {
    python.stdin.end('\n');
    await G.release();
  }
}
