// w_avg and w_std as NVlabs' projector estimates them: map 10,000 z drawn with NumPy RandomState(123) and take the
// mean w and the root mean squared distance to it.
import * as tf from '@tensorflow/tfjs';
import { NumpyRandomState } from '../numpyRandom.js';
import { mapToW } from '../stylegan2/mapping.js';
import type { Generator } from '../stylegan2/networks.js';
import { projectorSchedule } from './constants.js';

export interface WStats {
  wAvg: Float32Array;
  /** sqrt(Σ‖w − w_avg‖² / N): one scalar, the scale of the latent noise. */
  wStd: number;
}

export function estimateWStats(G: Generator, samples: number = projectorSchedule.wAvgSamples, seed: number = projectorSchedule.wAvgSeed): WStats {
  const { zDim, wDim } = G.config;
  const z = Float32Array.from(new NumpyRandomState(seed).randn(samples * zDim));
  const ws = new Float64Array(samples * wDim);
  const chunk = 1000;
  for (let start = 0; start < samples; start += chunk) {
    const n = Math.min(chunk, samples - start);
    const w = tf.tidy(() => mapToW(G.params, G.config, tf.tensor2d(z.subarray(start * zDim, (start + n) * zDim), [n, zDim])));
    ws.set(w.dataSync(), start * wDim);
    w.dispose();
  }
  const wAvg = new Float64Array(wDim);
  for (let i = 0; i < samples; i++) for (let j = 0; j < wDim; j++) wAvg[j] += ws[i * wDim + j] / samples;
  let squares = 0;
  for (let i = 0; i < samples; i++) for (let j = 0; j < wDim; j++) squares += (ws[i * wDim + j] - wAvg[j]) ** 2;
  return { wAvg: Float32Array.from(wAvg), wStd: Math.sqrt(squares / samples) };
}
