// Generator exponential moving average (NVlabs G_ema): β from a half-life in images with ramp-up; buffers
// (w_avg, noise_const, filters) are copied, trainable parameters are lerped.
import * as tf from '@tensorflow/tfjs';
import type { Generator } from '../stylegan2/networks.js';
import { specsOf } from '../stylegan2/networks.js';

/** β = 0.5^(batch / ema_nimg), ema_nimg = min(emaKimg·1000, nimg·rampup) when a ramp-up is set. */
export function emaBeta(batch: number, emaKimg: number, nimg: number, rampup: number | null): number {
  let emaNimg = emaKimg * 1000;
  if (rampup !== null && rampup > 0) emaNimg = Math.min(emaNimg, nimg * rampup);
  return 0.5 ** (batch / Math.max(emaNimg, 1e-8));
}

/** G_ema ← lerp(G, G_ema, β) for parameters; buffers copied. */
export function updateEma(gEma: Generator, g: Generator, beta: number): void {
  tf.tidy(() => {
    for (const spec of specsOf(g)) {
      const src = g.params.get(spec.name);
      const dst = gEma.params.get(spec.name);
      if (!src || !dst) continue;
      dst.assign(spec.trainable ? tf.add(src, tf.mul(tf.sub(dst, src), beta)) : src);
    }
  });
}
