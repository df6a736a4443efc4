// A dataset's images in the shape the trainer samples from (the training capability reads the datasets store; the
// engine in ml/training only receives the images).
import { loadDataset } from '../datasets/store.js';
import type { TrainingImages } from '../ml/training/trainer.js';

export async function loadTrainingImages(dataDir: string, name: string): Promise<TrainingImages> {
  const dataset = await loadDataset(dataDir, name);
  const { info } = dataset;
  return {
    images: dataset.images,
    count: info.count,
    channels: info.channels,
    resolution: info.resolution,
    preprocessing: { modality: info.normalisation.modality, axis: info.axis, resample: info.resample, fit: 'pad', lowPercentile: info.normalisation.lowPercentile, highPercentile: info.normalisation.highPercentile },
  };
}
