// The StyleGAN2 generator (NVlabs stylegan2-ada-pytorch semantics, the same maths as ml/stylegan2/) as ONNX
// graphs built from its stored weights: mapping z → w, and synthesis ws → image in NCHW. The synthesis builder
// records, per layer, the values its backward pass needs, so synthesisVjp.ts can append gradient nodes to the
// same graph. Weights are pre-scaled here once (equalised learning rate, demodulation energies) instead of per run.
import { blockResolutions, channelsAt, numWs, resampleTaps } from '../stylegan2/config.js';
import type { StyleGan2Config } from '../stylegan2/config.js';
import { GraphBuilder, floatAttr } from './graph.js';

/** Parameters by NVlabs state_dict name, as stored (model directory, checkpoint, `networkArrays`). */
export type GeneratorWeights = ReadonlyMap<string, { shape: number[]; data: Float32Array }>;

/**
 * const: the stored noise images × strength, baked into the graph; none: no noise; inputs: one graph input per
 * synthesis layer, `noise<i>` [N, 1, res, res], multiplied by the layer's strength (projection optimises these).
 */
export type GraphNoise = 'const' | 'none' | 'inputs';

/** What the backward pass needs from one modulated convolution (value names in the graph, weights as data). */
export interface ModConvRecord {
  kind: 'conv' | 'torgb';
  wIndex: number;
  /** Index into the noise inputs (synthesis layers only). */
  noiseIndex: number;
  res: number;
  up: 1 | 2;
  inC: number;
  outC: number;
  x: string;
  styles4: string;
  styles: string;
  /** Affine weight, pre-scaled, as [wDim, inC]. */
  affineT: string;
  convWeight: string;
  /** The stored weight [outC, inC, k, k], for building the backward pass's own weights. */
  weight: { shape: number[]; data: Float32Array };
  /** Convolution output before demodulation (synthesis layers) or before bias (toRGB). */
  conv: string;
  demod4: string | null;
  /** demodulation energies transposed [inC, outC] (synthesis layers). */
  energyT: string | null;
  /** up 2: the transposed convolution's output before the FIR filter, and the filter [outC, 1, 4, 4]. */
  firWeight: string | null;
  /** Value after bias (before the activation) and after the activation/gain (before the clamp). */
  preAct: string;
  preClamp: string;
  /** The layer's output (after the clamp). */
  out: string;
  strength: number;
}

export interface SynthesisGraph {
  image: string;
  records: ModConvRecord[];
  /** Per image level (4 px up), the name of the FIR filter used to upsample the skip image into the next level. */
  imageFilter: string | null;
  noiseInputs: Array<{ name: string; res: number }>;
}

export function weightOf(weights: GeneratorWeights, name: string): { shape: number[]; data: Float32Array } {
  const w = weights.get(name);
  if (!w) throw new Error(`StyleGAN2 parameter "${name}" is missing`);
  return w;
}

/** NVlabs' 2-D [1,3,3,1] filter, normalised, × gain, repeated per channel as a depthwise weight [C, 1, 4, 4]. */
export function firWeight(g: GraphBuilder, channels: number, gain: number): string {
  const sum = resampleTaps.reduce((a, b) => a + b, 0);
  const taps = resampleTaps.map((t) => t / sum);
  const k = taps.length;
  const data = new Float32Array(channels * k * k);
  for (let c = 0; c < channels; c++) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) data[c * k * k + i * k + j] = taps[i] * taps[j] * gain;
  return g.weight('fir', data, [channels, 1, k, k]);
}

/** [rows, cols] → [cols, rows] (row-major), times `factor`. */
function transposed(data: Float32Array, rows: number, cols: number, factor: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c] * factor;
  return out;
}

/** The mapping network z [N, zDim] → w [N, wDim] (before broadcast and truncation). */
export function buildMappingGraph(weights: GeneratorWeights, config: StyleGan2Config): Uint8Array {
  const g = new GraphBuilder('stylegan2_mapping');
  const z = g.input('z', ['N', config.zDim]);
  // normalize_2nd_moment: z · rsqrt(mean(z²) + 1e-8)
  const meanSq = g.op('ReduceMean', [g.mul(z, z)], { axes: [1], keepdims: 1 });
  let x = g.mul(z, g.op('Reciprocal', [g.op('Sqrt', [g.add(meanSq, g.scalar(1e-8))])]));
  const lrMul = config.mappingLrMultiplier;
  for (let i = 0; i < config.mappingLayers; i++) {
    const w = weightOf(weights, `mapping.fc${i}.weight`);
    const b = weightOf(weights, `mapping.fc${i}.bias`);
    const [outF, inF] = w.shape;
    const wT = g.weight(`fc${i}_w`, transposed(w.data, outF, inF, lrMul / Math.sqrt(inF)), [inF, outF]);
    const bias = g.weight(`fc${i}_b`, b.data.map((v) => v * lrMul), [outF]);
    x = g.scale(g.op('LeakyRelu', [g.add(g.op('MatMul', [x, wT]), bias)], { alpha: floatAttr(0.2) }), Math.SQRT2);
  }
  g.output(x, 'w', ['N', config.wDim]);
  return g.toBytes();
}

interface LayerSpec {
  prefix: string;
  kind: 'conv' | 'torgb';
  wIndex: number;
  res: number;
  up: 1 | 2;
}

/** One modulated convolution with bias, activation and clamp (NVlabs SynthesisLayer / ToRGBLayer). */
function modConv(g: GraphBuilder, weights: GeneratorWeights, config: StyleGan2Config, spec: LayerSpec, x: string, w: string, noise: GraphNoise, noiseIndex: number, noiseInputs: SynthesisGraph['noiseInputs']): ModConvRecord {
  const weight = weightOf(weights, `${spec.prefix}.weight`);
  const [outC, inC, k] = weight.shape;
  const affine = weightOf(weights, `${spec.prefix}.affine.weight`);
  const affineBias = weightOf(weights, `${spec.prefix}.affine.bias`);
  // toRGB folds its weight gain 1/√inC into the styles (NVlabs ToRGBLayer), synthesis layers demodulate instead.
  const styleGain = spec.kind === 'torgb' ? 1 / Math.sqrt(inC) : 1;
  const affineT = g.weight('affineT', transposed(affine.data, inC, config.wDim, styleGain / Math.sqrt(config.wDim)), [config.wDim, inC]);
  const styles = g.add(g.op('MatMul', [w, affineT]), g.weight('affineB', affineBias.data.map((v) => v * styleGain), [inC]));
  const styles4 = g.op('Unsqueeze', [styles, g.ints([2, 3])]);
  const xs = g.mul(x, styles4);
  let conv: string;
  let firW: string | null = null;
  let convWeight: string;
  if (spec.up === 2) {
    // conv_transpose2d stride 2 with in/out roles swapped ([in, out, k, k] is ONNX ConvTranspose's layout), then
    // the FIR filter with 1 pixel of padding all round and gain 4 (NVlabs conv2d_resample, up = 2).
    const swapped = new Float32Array(weight.data.length);
    const kk = k * k;
    for (let o = 0; o < outC; o++) for (let i = 0; i < inC; i++) swapped.set(weight.data.subarray((o * inC + i) * kk, (o * inC + i + 1) * kk), (i * outC + o) * kk);
    convWeight = g.weight('convT_w', swapped, [inC, outC, k, k]);
    const t = g.op('ConvTranspose', [xs, convWeight], { strides: [2, 2] });
    firW = firWeight(g, outC, 4);
    conv = g.op('Conv', [t, firW], { group: outC, pads: [1, 1, 1, 1] });
  } else {
    convWeight = g.weight('conv_w', weight.data, [outC, inC, k, k]);
    const p = Math.floor(k / 2);
    conv = g.op('Conv', [xs, convWeight], { pads: [p, p, p, p] });
  }
  let y = conv;
  let demod4: string | null = null;
  let energyT: string | null = null;
  let strength = 0;
  if (spec.kind === 'conv') {
    const energy = new Float32Array(inC * outC); // [inC, outC]: Σ_k w² transposed for styles² @ energyT
    for (let o = 0; o < outC; o++) for (let i = 0; i < inC; i++) {
      let s = 0;
      for (let j = 0; j < k * k; j++) s += weight.data[(o * inC + i) * k * k + j] ** 2;
      energy[i * outC + o] = s;
    }
    energyT = g.weight('energyT', energy, [inC, outC]);
    const q = g.add(g.op('MatMul', [g.mul(styles, styles), energyT]), g.scalar(1e-8));
    demod4 = g.op('Unsqueeze', [g.op('Reciprocal', [g.op('Sqrt', [q])]), g.ints([2, 3])]);
    y = g.mul(y, demod4);
    strength = weightOf(weights, `${spec.prefix}.noise_strength`).data[0];
    if (noise === 'const') {
      const image = weightOf(weights, `${spec.prefix}.noise_const`).data.map((v) => v * strength);
      y = g.add(y, g.weight('noise', image, [1, 1, spec.res, spec.res]));
    } else if (noise === 'inputs') {
      const name = g.input(`noise${noiseIndex}`, ['N', 1, spec.res, spec.res]);
      noiseInputs.push({ name, res: spec.res });
      y = g.add(y, g.scale(name, strength));
    }
  }
  const bias = weightOf(weights, `${spec.prefix}.bias`);
  const preAct = g.add(y, g.weight('bias', bias.data, [1, outC, 1, 1]));
  const preClamp = spec.kind === 'conv' ? g.scale(g.op('LeakyRelu', [preAct], { alpha: floatAttr(0.2) }), Math.SQRT2) : preAct;
  const out = config.convClamp === null ? preClamp : g.op('Clip', [preClamp, g.scalar(-config.convClamp), g.scalar(config.convClamp)]);
  return { kind: spec.kind, wIndex: spec.wIndex, noiseIndex, res: spec.res, up: spec.up, inC, outC, x, styles4, styles, affineT, convWeight, weight, conv, demod4, energyT, firWeight: firW, preAct, preClamp, out, strength };
}

/**
 * Appends the synthesis network to `g`, reading ws from the graph value `ws` [N, numWs, wDim]. Block b uses
 * ws[i..i+2] with i advancing by its number of convolutions (NVlabs' split), so a toRGB and the next block's
 * conv0 share one w.
 */
export function addSynthesis(g: GraphBuilder, weights: GeneratorWeights, config: StyleGan2Config, ws: string, noise: GraphNoise): SynthesisGraph {
  const records: ModConvRecord[] = [];
  const noiseInputs: SynthesisGraph['noiseInputs'] = [];
  const wAt = new Map<number, string>();
  const wOf = (i: number): string => {
    let name = wAt.get(i);
    if (!name) {
      name = g.op('Gather', [ws, g.ints([i])], { axis: 1 });
      name = g.op('Squeeze', [name, g.ints([1])]);
      wAt.set(i, name);
    }
    return name;
  };
  let x: string | null = null;
  let img: string | null = null;
  let imageFilter: string | null = null;
  let wIndex = 0;
  let noiseIndex = 0;
  const run = (spec: LayerSpec, input: string): string => {
    const rec = modConv(g, weights, config, spec, input, wOf(spec.wIndex), noise, spec.kind === 'conv' ? noiseIndex++ : -1, noiseInputs);
    records.push(rec);
    return rec.out;
  };
  for (const res of blockResolutions(config)) {
    const p = `synthesis.b${res}`;
    if (x === null) {
      const constant = weightOf(weights, `${p}.const`);
      x = g.weight('const', constant.data, [1, channelsAt(config, res), 4, 4]);
      x = run({ prefix: `${p}.conv1`, kind: 'conv', wIndex, res, up: 1 }, x);
      img = run({ prefix: `${p}.torgb`, kind: 'torgb', wIndex: wIndex + 1, res, up: 1 }, x);
      wIndex += 1;
    } else {
      x = run({ prefix: `${p}.conv0`, kind: 'conv', wIndex, res, up: 2 }, x);
      x = run({ prefix: `${p}.conv1`, kind: 'conv', wIndex: wIndex + 1, res, up: 1 }, x);
      const rgb = run({ prefix: `${p}.torgb`, kind: 'torgb', wIndex: wIndex + 2, res, up: 1 }, x);
      imageFilter ??= firWeight(g, config.imgChannels, 4);
      // upfirdn2d(up 2, padding [2,1,2,1], gain 4) is a stride-2 transposed convolution cropped by 1 on each side.
      img = g.add(g.op('ConvTranspose', [img!, imageFilter], { strides: [2, 2], pads: [1, 1, 1, 1], group: config.imgChannels }), rgb);
      wIndex += 2;
    }
  }
  if (!img) throw new Error('synthesis: no blocks');
  if (wIndex + 1 !== numWs(config)) throw new Error(`synthesis graph used ${wIndex + 1} ws, the model has ${numWs(config)}`);
  return { image: img, records, imageFilter, noiseInputs };
}

/** The synthesis layers' (not toRGB's) records, in forward order: hidden<i> of the graphs below is the i-th one's output. */
export function hiddenRecords(records: ModConvRecord[]): ModConvRecord[] {
  return records.filter((r) => r.kind === 'conv');
}

/**
 * The synthesis network alone: ws [N, numWs, wDim] → image [N, C, res, res]; with `hidden`, also every synthesis
 * layer's output as hidden<i> [N, C_i, r_i, r_i] (the encoder's content loss compares them).
 */
export function buildSynthesisGraph(weights: GeneratorWeights, config: StyleGan2Config, noise: GraphNoise, hidden = false): Uint8Array {
  const g = new GraphBuilder('stylegan2_synthesis');
  const ws = g.input('ws', ['N', numWs(config), config.wDim]);
  const { image, records } = addSynthesis(g, weights, config, ws, noise);
  g.output(image, 'image', ['N', config.imgChannels, config.resolution, config.resolution]);
  if (hidden) hiddenRecords(records).forEach((r, i) => g.output(r.out, `hidden${i}`, ['N', r.outC, r.res, r.res]));
  return g.toBytes();
}
