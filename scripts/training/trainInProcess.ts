// The long training scripts' shared tail (train-ixi.ts, train-chest.ts): run a resumable training in this process,
// one progress line per log interval, SIGTERM/SIGINT pause it with a checkpoint.
import type { TrainingConfig } from '../../src-shared/api/training.js';
import { runTraining } from '../../src-main/ml/training/run.js';
import { loadTrainingImages } from '../../src-main/training/images.js';

export async function trainInProcess(dataDir: string, config: TrainingConfig, resume: boolean): Promise<void> {
  let stopping: 'pause' | null = null;
  process.on('SIGTERM', () => (stopping = 'pause'));
  process.on('SIGINT', () => (stopping = 'pause'));
  const result = await runTraining(dataDir, config, await loadTrainingImages(dataDir, config.dataset), resume, {
    progress: (p) => console.log(`kimg ${p.kimg.toFixed(2)}/${p.totalKimg} G ${p.lossG.toFixed(3)} D ${p.lossD.toFixed(3)} r1 ${p.r1?.toFixed(3) ?? '-'} p ${p.adaP.toFixed(3)} ${p.imagesPerSecond.toFixed(2)} img/s`),
    shouldStop: () => stopping,
    snapshot: (s) => console.log(`snapshot ${s.kimg.toFixed(1)} kimg: ${s.grid}`),
  });
  console.log(JSON.stringify(result));
}
