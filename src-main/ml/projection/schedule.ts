// NVlabs projector.py's per-step schedule as pure functions of the progress t = step / steps.
import { projectorSchedule as S } from './constants.js';

/** Learning rate at `step` of `steps`: linear ramp-up over the first 5 %, cosine ramp-down over the last 25 %. */
export function learningRateAt(step: number, steps: number, initial: number): number {
  const t = step / steps;
  let ramp = Math.min(1, (1 - t) / S.lrRampdownLength);
  ramp = 0.5 - 0.5 * Math.cos(ramp * Math.PI);
  ramp *= Math.min(1, t / S.lrRampupLength);
  return initial * ramp;
}

/** Standard deviation of the noise added to w at `step`: 0.05·w_std·max(0, 1 − t/0.75)². */
export function latentNoiseScaleAt(step: number, steps: number, wStd: number): number {
  const t = step / steps;
  return wStd * S.initialNoiseFactor * Math.max(0, 1 - t / S.noiseRampLength) ** 2;
}
