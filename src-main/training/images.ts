// A dataset's images in the shape the trainer samples from (the training capability reads the datasets store; the
// engine in ml/training only receives the images).
import { loadDataset } from '../datasets/store.js';
import type { TrainingImages } from '../ml/training/trainer.js';

export async function loadTrainingImages(dataDir: string, name: string): Promise<TrainingImages> {
  const dataset = await loadDataset(dataDir, name);
  return { images: dataset.images, count: dataset.info.count, channels: dataset.info.channels, resolution: dataset.info.resolution };
}
