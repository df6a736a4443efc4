// ProjectionStep on the tfjs StyleGAN2 generator: synthesis with explicit noise buffers, the distance, and tf.grads
// for the gradients w.r.t. ws and the buffers.
import * as tf from '@tensorflow/tfjs';
import type { Generator } from '../stylegan2/networks.js';
import { synthesize, toNchw, toNhwc } from '../stylegan2/networks.js';
import { param } from '../stylegan2/params.js';
import { projectionDistance } from './distance.js';
import { noiseLayerNames } from './noiseNames.js';
import type { DistanceWeights, NoiseSet, ProjectionStep, StepInput, StepOutput } from './step.js';

export function tfjsProjectionStep(G: Generator, weights: DistanceWeights): ProjectionStep {
  const names = noiseLayerNames(G);
  const sizes = names.map((n) => param(G.params, `${n}.noise_const`).shape[0] ?? 0);
  const { numWs } = G;
  const { wDim, imgChannels: channels, resolution } = G.config;
  let targets: tf.Tensor4D | null = null;

  const noiseTensors = (noise: NoiseSet | null, count: number): tf.Tensor4D[] =>
    (noise ?? constNoise()).layers.map((layer, k) => {
      const per = sizes[k] * sizes[k];
      const n = layer.length / per;
      if (n !== count && n !== 1) throw new Error(`noise layer ${k} holds ${n} images, expected ${count} or 1`);
      return tf.tensor4d(layer, [n, sizes[k], sizes[k], 1]);
    });

  function constNoise(): NoiseSet {
    return { sizes, layers: names.map((n) => Float32Array.from(param(G.params, `${n}.noise_const`).dataSync())) };
  }

  return {
    numWs,
    wDim,
    channels,
    resolution,
    noiseSizes: sizes,
    constNoise,
    setTargets(data, count) {
      targets?.dispose();
      targets = tf.tidy(() => toNhwc(tf.tensor4d(data, [count, channels, resolution, resolution])));
    },
    async run(input: StepInput): Promise<StepOutput> {
      const target = targets;
      if (!target || target.shape[0] !== input.count) throw new Error(`projection step: targets for ${input.count} images were not set`);
      const ws = tf.tensor3d(input.ws, [input.count, numWs, wDim]);
      const noise = noiseTensors(input.noise, input.count);
      const withNoise = input.noiseGradients && input.noise !== null;
      let images: tf.Tensor4D | null = null;
      let distances: tf.Tensor1D | null = null;
      const loss = (...xs: tf.Tensor[]): tf.Scalar => {
        const [w, ...bufs] = xs;
        const img = synthesize(G, w as tf.Tensor3D, { noise: withNoise ? (bufs as tf.Tensor4D[]) : noise });
        const d = projectionDistance(img, target, weights);
        images = tf.keep(toNchw(img));
        distances = tf.keep(tf.clone(d));
        return tf.sum(d);
      };
      const grads = tf.grads(loss)(withNoise ? [ws, ...noise] : [ws]);
      const out: StepOutput = {
        images: (await images!.data()) as Float32Array,
        distances: (await distances!.data()) as Float32Array,
        gradWs: (await grads[0].data()) as Float32Array,
        gradNoise: withNoise ? await Promise.all(grads.slice(1).map(async (g) => (await g.data()) as Float32Array)) : null,
      };
      tf.dispose([ws, ...noise, ...grads, images!, distances!]);
      return out;
    },
    async synthesize(wsData, count, noiseSet) {
      const out = tf.tidy(() => {
        const noise = noiseTensors(noiseSet, count);
        return toNchw(synthesize(G, tf.tensor3d(wsData, [count, numWs, wDim]), { noise }));
      });
      const data = (await out.data()) as Float32Array;
      out.dispose();
      return data;
    },
    dispose() {
      targets?.dispose();
      targets = null;
    },
  };
}
