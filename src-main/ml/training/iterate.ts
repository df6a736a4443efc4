// One training iteration on the trainer's configured engine: onnxruntime for backend 'onnx', else tfjs
// (Trainer.trainStep). Kept apart from trainer.ts because the onnx engine reads the Trainer's state: the trainer must
// not import its own engine back (an import cycle).
import { OnnxTrainingEngine } from './onnxStep.js';
import type { StepStats, Trainer, TrainingImages } from './trainer.js';

/** Engines by trainer: the ONNX sessions are built on a trainer's first onnx iteration and reused after. */
const engines = new WeakMap<Trainer, OnnxTrainingEngine>();

export async function iterate(trainer: Trainer, data: TrainingImages): Promise<StepStats> {
  if (trainer.config.backend !== 'onnx') return trainer.trainStep(data);
  let engine = engines.get(trainer);
  if (!engine) {
    engine = new OnnxTrainingEngine(trainer, trainer.onnxThreads);
    engines.set(trainer, engine);
    const created = engine;
    trainer.onDispose(() => {
      engines.delete(trainer);
      void created.release();
    });
  }
  return engine.step(data);
}
