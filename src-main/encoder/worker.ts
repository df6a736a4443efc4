// Worker thread of the encoder jobs (tfjs and onnxruntime block their thread for seconds per iteration, so never the
// main process): training runs ml/encoder/run.ts on a dataset's images; encoding writes a latent set.
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { encoderIterations } from '../../src-shared/api/encoderSettings.js';
import { uint8ToModel } from '../../src-shared/imaging/convert.js';
import { loadDataset } from '../datasets/store.js';
import { setupTfjs } from '../ml/backends.js';
import { encoderManifestFile, readEncoderDir } from '../ml/encoder/encoderDir.js';
import { runEncoderTraining } from '../ml/encoder/run.js';
import { subjectOf } from '../projection/inputs.js';
import { serveWorker } from '../workers/serve.js';
import { encodeLatentSet } from './latentSet.js';
import { reconstructionReport, splitBySubject } from './report.js';
import { encoderRunDir, encodersDir } from '../ml/encoder/registry.js';
import type { EncoderWorkerApi } from './workerApi.js';

// wasm, as the shipped encoder was trained: resume is bit-identical on the same backend only.
const backend = 'wasm';

serveWorker<EncoderWorkerApi>({
  train: async (input, op) => {
    op.progress({ type: 'setup', message: `setting up the ${backend} backend` });
    await setupTfjs({ only: backend });
    op.progress({ type: 'setup', message: `loading dataset "${input.dataset}"` });
    const dataset = await loadDataset(input.dataDir, input.dataset);
    const iterations = encoderIterations(input.settings);
    // Whole subjects are held out of training (seeded, so a resumed run holds out the same ones) for the report.
    const split = splitBySubject(dataset.items.map((it) => subjectOf(it.source)), input.settings.holdout, input.settings.seed + 2);
    if (split.train.length === 0) throw new Error(`dataset "${input.dataset}" leaves no images to train on`);
    const per = dataset.info.channels * dataset.info.resolution ** 2;
    const pick = (rows: number[]): Float32Array => {
      const out = new Float32Array(rows.length * per);
      rows.forEach((i, k) => out.set(uint8ToModel(dataset.images.subarray(i * per, (i + 1) * per)), k * per));
      return out;
    };
    const heldOutText = split.heldOut.length > 0 ? `; ${split.heldOut.length} images of ${split.heldOutSubjects} subjects held out for the report` : '';
    op.progress({ type: 'setup', message: `${input.resume ? 'resuming' : 'starting'} ${iterations} iterations on ${split.train.length} images${heldOutText} (first iteration builds the graphs)` });
    const outDir = join(encodersDir(input.dataDir), input.name);
    const outcome = await runEncoderTraining(
      {
        runDir: encoderRunDir(input.dataDir, input.name),
        modelDir: input.modelDir,
        model: input.model,
        settings: input.settings,
        real: { data: pick(split.train), count: split.train.length, dataset: input.dataset },
        outDir,
        name: input.name,
        resume: input.resume,
      },
      {
        progress: (p) => op.progress({ type: 'iteration', progress: p }),
        shouldStop: () => op.stopRequested(),
      },
    );
    if (outcome.state === 'done') {
      let report = null;
      if (split.heldOut.length > 0) {
        const { reportRefineSteps: steps, reportRefineImages: images } = input.settings;
        op.progress({ type: 'setup', message: `reconstruction report: ${split.heldOut.length} held-out and as many generated images${steps > 0 ? `, ${steps} refinement steps on ${Math.min(images, split.heldOut.length)}` : ''}` });
        report = await reconstructionReport({
          modelDir: input.modelDir,
          encoderDir: outDir,
          heldOut: { data: pick(split.heldOut), count: split.heldOut.length, subjects: split.heldOutSubjects },
          seed: input.settings.seed + 3,
          refineSteps: steps,
          refineImages: images,
          loadAverage: loadavg()[0],
          cpus: cpus().length,
        });
        const { manifest } = await readEncoderDir(outDir);
        await writeFile(join(outDir, encoderManifestFile), `${JSON.stringify({ ...manifest, report }, null, 2)}\n`);
      }
      return { outcome: 'done', iteration: outcome.manifest.training.iterations, iterations, elapsedSeconds: outcome.manifest.training.elapsedSeconds, report };
    }
    return { outcome: outcome.state, iteration: outcome.iteration, iterations, elapsedSeconds: null };
  },
  encode: async (input) => {
    await setupTfjs({ only: backend });
    return encodeLatentSet(input);
  },
});
