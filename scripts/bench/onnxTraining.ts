// Training-step timing for the onnx backend (Trainer.iterate with backend 'onnx'): the best of three G+D steps and
// of three steps with R1, after a warm-up step of each that builds the onnxruntime sessions. Same network and batch as bench:gan's tfjs rows.
import { setupTfjs } from '../../src-main/ml/backends.js';
import { Trainer } from '../../src-main/ml/training/trainer.js';
import { iterate } from '../../src-main/ml/training/iterate.js';
import { trainingConfigSchema } from '../../src-shared/api/training.js';
import { clockSeconds } from './reference.js';
import type { Clock } from './reference.js';

export async function onnxTrainingSeconds(res: number, batch: number, threads: number, clock: Clock = 'wall', steps = 3): Promise<{ plain: number; r1: number }> {
  await setupTfjs({ only: 'wasm' });
  const data = { images: new Uint8Array(64 * res * res).map((_, i) => (i * 37) % 256), count: 64, channels: 1, resolution: res };
  const make = (r1Interval: number): Trainer => {
    const config = trainingConfigSchema.parse({ dataset: 'bench', out: 'bench', resolution: res, kimg: 1, batch, r1Interval, backend: 'onnx', network: { zDim: 128, wDim: 128, mappingLayers: 2, channelBase: 4096, channelMax: 128 } });
    const t = Trainer.create(config, 1);
    t.onnxThreads = threads;
    return t;
  };
  const timed = async (t: Trainer): Promise<number> => {
    const start = clockSeconds(clock);
    await iterate(t, data);
    return clockSeconds(clock) - start;
  };
  // Step 0 always runs R1: the plain trainer's warm-up is that step; r1Interval 1 makes every step an R1 step.
  const plain = make(1_000_000);
  const withR1 = make(1);
  await timed(plain);
  await timed(withR1);
  // The best of `steps` alternating steps, the statistic bench_nvlabs.py reports (best of its --iters, default 3).
  const seconds = { plain: Infinity, r1: Infinity };
  for (let i = 0; i < steps; i++) {
    seconds.plain = Math.min(seconds.plain, await timed(plain));
    seconds.r1 = Math.min(seconds.r1, await timed(withR1));
  }
  plain.dispose();
  withR1.dispose();
  return seconds;
}
