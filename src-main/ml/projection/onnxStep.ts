// ProjectionStep on the onnxruntime generator (ml/onnx): the forward pass with the noise buffers as inputs, the
// distance and its image gradient in tfjs (a few small image ops), then the synthesis VJP for ∂/∂ws and ∂/∂noise.
// Same numbers as ./tfjsStep.ts (test/main/ml/projection/onnxStep.test.ts), several times faster on a CPU.
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { OnnxGenerator } from '../onnx/onnxGenerator.js';
import { buildSynthesisGraph } from '../onnx/stylegan2Graph.js';
import type { GeneratorWeights } from '../onnx/stylegan2Graph.js';
import type { StyleGan2Config } from '../stylegan2/config.js';
import { numWs } from '../stylegan2/config.js';
import { projectionDistance } from './distance.js';
import { noiseLayerNames } from './noiseNames.js';
import type { DistanceWeights, NoiseSet, ProjectionStep, StepInput, StepOutput } from './step.js';

export async function onnxProjectionStep(config: StyleGan2Config, weights: GeneratorWeights, distance: DistanceWeights, threads = 2): Promise<ProjectionStep> {
  const G = OnnxGenerator.create(config, weights, { threads });
  const forward = await ort.InferenceSession.create(buildSynthesisGraph(weights, config, 'inputs'), { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
  const sizes = G.noiseResolutions;
  const names = noiseLayerNames({ config });
  const { wDim, imgChannels: channels, resolution } = config;
  const count_ws = numWs(config);
  let targets: tf.Tensor4D | null = null;

  const constNoise = (): NoiseSet => ({ sizes, layers: names.map((n) => Float32Array.from(weights.get(`${n}.noise_const`)!.data)) });

  /** Noise as the graph takes it: [count, 1, r, r] per layer (a single shared buffer is repeated). */
  const perImage = (noise: NoiseSet | null, count: number): Float32Array[] =>
    (noise ?? constNoise()).layers.map((layer, k) => {
      const per = sizes[k] * sizes[k];
      if (layer.length === count * per) return layer;
      const out = new Float32Array(count * per);
      for (let i = 0; i < count; i++) out.set(layer.subarray(0, per), i * per);
      return out;
    });

  async function image(ws: Float32Array, noise: Float32Array[], count: number): Promise<Float32Array> {
    const feeds: Record<string, ort.Tensor> = { ws: new ort.Tensor('float32', ws, [count, count_ws, wDim]) };
    noise.forEach((n, i) => (feeds[`noise${i}`] = new ort.Tensor('float32', n, [count, 1, sizes[i], sizes[i]])));
    const out = await forward.run(feeds);
    return out.image.data as Float32Array;
  }

  return {
    numWs: count_ws,
    wDim,
    channels,
    resolution,
    noiseSizes: sizes,
    constNoise,
    setTargets(data, count) {
      targets?.dispose();
      targets = tf.tidy(() => tf.transpose(tf.tensor4d(data, [count, channels, resolution, resolution]), [0, 2, 3, 1]) as tf.Tensor4D);
    },
    async run(input: StepInput): Promise<StepOutput> {
      const target = targets;
      if (!target || target.shape[0] !== input.count) throw new Error(`projection step: targets for ${input.count} images were not set`);
      const noise = perImage(input.noise, input.count);
      const img = await image(input.ws, noise, input.count);
      const { distances, dImage } = tf.tidy(() => {
        const x = tf.transpose(tf.tensor4d(img, [input.count, channels, resolution, resolution]), [0, 2, 3, 1]) as tf.Tensor4D;
        const d = projectionDistance(x, target, distance);
        const g = tf.grad((t: tf.Tensor) => tf.sum(projectionDistance(t as tf.Tensor4D, target, distance)))(x);
        return { distances: d.dataSync() as Float32Array, dImage: tf.transpose(g, [0, 3, 1, 2]).dataSync() as Float32Array };
      });
      const vjp = await G.synthesisVjp(input.ws, noise, dImage, input.count);
      return { images: img, distances, gradWs: vjp.dWs, gradNoise: input.noiseGradients && input.noise ? vjp.dNoise : null };
    },
    async synthesize(ws, count, noise) {
      // The model's own noise: the graph `latentrad generate` runs (noise const), so a projection regenerates exactly.
      return noise === null ? G.synthesize(ws, count, 'const') : image(ws, perImage(noise, count), count);
    },
    dispose() {
      targets?.dispose();
      targets = null;
      void G.release();
      void forward.release();
    },
  };
}
