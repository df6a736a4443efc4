// The three StyleGAN2-ADA training phases (NVlabs Gmain, Dmain, Dreg) as ONNX graphs with their backward passes,
// for a batch size fixed at build time. Parameters are inputs (`G:<name>`, `D:<name>`), gradients outputs
// (`grad:<name>`); the optimiser, EMA and ADA stay in JS. The losses are losses.ts's: non-saturating logistic G
// loss, logistic D loss, and R1 = mean ‖∇ₓD(aug(x))‖² · γ/2 · interval by exact double backward.
import { numWs } from '../stylegan2/config.js';
import type { StyleGan2Config } from '../stylegan2/config.js';
import { discriminatorParamSpecs, generatorParamSpecs } from '../stylegan2/specs.js';
import { grad } from './autodiff.js';
import { Tape } from './tape.js';
import { augmentInputs, augmentOnTape, discriminatorOnTape, mappingOnTape, paramInputs, synthesisOnTape } from './trainingNetworks.js';

export interface PhaseShapes {
  config: StyleGan2Config;
  batch: number;
}

/** Synthesis noise resolutions in layer order (4, then two per block). */
export function noiseResolutions(config: StyleGan2Config): number[] {
  const out: number[] = [];
  for (let r = 4; r <= config.resolution; r *= 2) out.push(...(r === 4 ? [r] : [r, r]));
  return out;
}

/**
 * G(z) with style mixing: inputs `z`, `z2` [B, zDim], `mix` [numWs] (1 where ws comes from z, 0 from z2) and
 * `noise<j>` [B, 1, r, r]. Returns the image and w = mapping(z) (the trainer tracks w_avg with it).
 */
function generator(t: Tape, { config, batch }: PhaseShapes): { image: string; w: string; params: Map<string, string> } {
  const params = paramInputs(t, generatorParamSpecs(config), 'G');
  const ng = { grad: false };
  const z = t.input('z', [batch, config.zDim], ng);
  const z2 = t.input('z2', [batch, config.zDim], ng);
  const mix = t.input('mix', [numWs(config)], ng);
  const noise = noiseResolutions(config).map((r, j) => t.input(`noise${j}`, [batch, 1, r, r], ng));
  const w1 = mappingOnTape(t, params, config, z);
  const w2 = mappingOnTape(t, params, config, z2);
  // w1·m + w2·(1 − m) is exactly w1 or w2 for m ∈ {0, 1}.
  const wAt = (i: number): string => {
    const m = t.slice(mix, [i], [i + 1]);
    return t.add(t.mul(w1, m), t.mul(w2, t.sub(t.scalar(1), m)));
  };
  return { image: synthesisOnTape(t, params, config, wAt, noise), w: w1, params };
}

function meanAll(t: Tape, v: string): string {
  return t.mean(v, t.shape(v).map((_, i) => i), false);
}

/** `grad:<name>` outputs; a parameter the loss cannot reach is an error unless `unreached` is 'omit' (R1: biases). */
function gradientOutputs(t: Tape, loss: string, params: Map<string, string>, unreached: 'error' | 'omit' = 'error'): void {
  const names = [...params.keys()];
  const grads = grad(t, loss, [...params.values()]);
  grads.forEach((g, i) => {
    if (g) t.output(g, `grad:${names[i]}`);
    else if (unreached === 'error') throw new Error(`training graph: the loss does not depend on ${names[i]}`);
  });
}

/** Gmain: outputs `loss` = mean softplus(−D(aug(G(z)))), `w`, and `grad:<G name>`. Augmentation inputs `aug.*`. */
export function buildGmainGraph(shapes: PhaseShapes): Uint8Array {
  const { config, batch } = shapes;
  const t = new Tape('stylegan2_gmain');
  const { image, w, params } = generator(t, shapes);
  const dParams = paramInputs(t, discriminatorParamSpecs(config), 'D');
  const logits = discriminatorOnTape(t, dParams, config, augmentOnTape(t, image, augmentInputs(t, 'aug', batch, config.imgChannels, config.resolution)));
  const loss = meanAll(t, t.softplus(t.neg(logits)));
  t.output(loss, 'loss');
  t.output(w, 'w');
  gradientOutputs(t, loss, params);
  return t.toBytes();
}

/**
 * Dmain: fakes from G (no gradient to G), reals `real` [B, C, res, res]; augmentation inputs `fake.*`, `real.*`.
 * Outputs `loss`, `realLogits` [B, 1], `w`, `grad:<D name>`.
 */
export function buildDmainGraph(shapes: PhaseShapes): Uint8Array {
  const { config, batch } = shapes;
  const t = new Tape('stylegan2_dmain');
  const { image, w } = generator(t, shapes);
  const dParams = paramInputs(t, discriminatorParamSpecs(config), 'D');
  const real = t.input('real', [batch, config.imgChannels, config.resolution, config.resolution], { grad: false });
  const fakeLogits = discriminatorOnTape(t, dParams, config, augmentOnTape(t, image, augmentInputs(t, 'fake', batch, config.imgChannels, config.resolution)));
  const realLogits = discriminatorOnTape(t, dParams, config, augmentOnTape(t, real, augmentInputs(t, 'real', batch, config.imgChannels, config.resolution)));
  const loss = t.add(meanAll(t, t.softplus(fakeLogits)), meanAll(t, t.softplus(t.neg(realLogits))));
  t.output(loss, 'loss');
  t.output(realLogits, 'realLogits');
  t.output(w, 'w');
  gradientOutputs(t, loss, dParams);
  return t.toBytes();
}

/**
 * Dreg: outputs `penalty` (mean ‖∇ₓ Σ D(aug(x))‖² over the batch) and `grad:<D name>` of penalty·γ/2·interval,
 * omitted for parameters the penalty does not depend on (biases after the last nonlinearity: their gradient is 0).
 */
export function buildDregGraph(shapes: PhaseShapes, gamma: number, interval: number): Uint8Array {
  const { config, batch } = shapes;
  const t = new Tape('stylegan2_dreg');
  const dParams = paramInputs(t, discriminatorParamSpecs(config), 'D');
  const real = t.input('real', [batch, config.imgChannels, config.resolution, config.resolution]);
  const logits = discriminatorOnTape(t, dParams, config, augmentOnTape(t, real, augmentInputs(t, 'aug', batch, config.imgChannels, config.resolution)));
  const [gx] = grad(t, t.sum(logits, [0, 1], false), [real]);
  if (!gx) throw new Error('training graph: D does not depend on its input');
  const penalty = meanAll(t, t.sum(t.mul(gx, gx), [1, 2, 3], false));
  t.output(penalty, 'penalty');
  gradientOutputs(t, t.scale(penalty, (gamma / 2) * interval), dParams, 'omit');
  return t.toBytes();
}
