// Every parameter and buffer of the generator and discriminator, under NVlabs' state_dict names and shapes,
// with NVlabs' initialisation. Keeping NVlabs' layout (conv weights [out, in, kh, kw], FC weights [out, in]) makes
// import/export a rename-free copy; the layers transpose to TensorFlow's layout at run time. No tfjs here, so the
// main process can check weights without loading TensorFlow.
import { blockResolutions, channelsAt, resampleTaps } from './config.js';
import type { StyleGan2Config } from './config.js';
import { Rng } from './random.js';

export type ParamInit =
  | { kind: 'randn'; scale: number } // N(0, scale²)
  | { kind: 'fill'; value: number }
  | { kind: 'resampleFilter' }; // the normalised 2-D [1,3,3,1] filter

export interface ParamSpec {
  name: string;
  shape: number[];
  /** Buffers (w_avg, noise_const, resample_filter) are saved and loaded but never trained. */
  trainable: boolean;
  init: ParamInit;
}

const randn = (scale = 1): ParamInit => ({ kind: 'randn', scale });
const fill = (value: number): ParamInit => ({ kind: 'fill', value });
const filterBuffer = (prefix: string): ParamSpec => ({ name: `${prefix}.resample_filter`, shape: [4, 4], trainable: false, init: { kind: 'resampleFilter' } });

function fc(prefix: string, inF: number, outF: number, opts: { lrMul?: number; biasInit?: number; bias?: boolean } = {}): ParamSpec[] {
  const lrMul = opts.lrMul ?? 1;
  const specs: ParamSpec[] = [{ name: `${prefix}.weight`, shape: [outF, inF], trainable: true, init: randn(1 / lrMul) }];
  if (opts.bias !== false) specs.push({ name: `${prefix}.bias`, shape: [outF], trainable: true, init: fill(opts.biasInit ?? 0) });
  return specs;
}

function conv(prefix: string, inC: number, outC: number, k: number, opts: { bias?: boolean; resample?: boolean } = {}): ParamSpec[] {
  const specs: ParamSpec[] = [{ name: `${prefix}.weight`, shape: [outC, inC, k, k], trainable: true, init: randn() }];
  if (opts.bias !== false) specs.push({ name: `${prefix}.bias`, shape: [outC], trainable: true, init: fill(0) });
  if (opts.resample !== false) specs.push(filterBuffer(prefix));
  return specs;
}

function synthesisLayer(prefix: string, inC: number, outC: number, wDim: number, res: number): ParamSpec[] {
  return [
    ...fc(`${prefix}.affine`, wDim, inC, { biasInit: 1 }),
    { name: `${prefix}.weight`, shape: [outC, inC, 3, 3], trainable: true, init: randn() },
    { name: `${prefix}.noise_const`, shape: [res, res], trainable: false, init: randn() },
    { name: `${prefix}.noise_strength`, shape: [], trainable: true, init: fill(0) },
    { name: `${prefix}.bias`, shape: [outC], trainable: true, init: fill(0) },
    filterBuffer(prefix),
  ];
}

export function generatorParamSpecs(c: StyleGan2Config): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (const res of blockResolutions(c)) {
    const p = `synthesis.b${res}`;
    const outC = channelsAt(c, res);
    specs.push(filterBuffer(p));
    if (res === 4) {
      specs.push({ name: `${p}.const`, shape: [outC, 4, 4], trainable: true, init: randn() });
    } else {
      specs.push(...synthesisLayer(`${p}.conv0`, channelsAt(c, res / 2), outC, c.wDim, res));
    }
    specs.push(...synthesisLayer(`${p}.conv1`, outC, outC, c.wDim, res));
    specs.push(...fc(`${p}.torgb.affine`, c.wDim, outC, { biasInit: 1 }));
    specs.push({ name: `${p}.torgb.weight`, shape: [c.imgChannels, outC, 1, 1], trainable: true, init: randn() });
    specs.push({ name: `${p}.torgb.bias`, shape: [c.imgChannels], trainable: true, init: fill(0) });
  }
  for (let i = 0; i < c.mappingLayers; i++) {
    const inF = i === 0 ? c.zDim : c.wDim;
    specs.push(...fc(`mapping.fc${i}`, inF, c.wDim, { lrMul: c.mappingLrMultiplier }));
  }
  specs.push({ name: 'mapping.w_avg', shape: [c.wDim], trainable: false, init: fill(0) });
  return specs;
}

/** NVlabs ResNet discriminator (architecture 'resnet', unconditional). */
export function discriminatorParamSpecs(c: StyleGan2Config): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (let res = c.resolution; res > 4; res /= 2) {
    const p = `b${res}`;
    const tmpC = channelsAt(c, res);
    const outC = channelsAt(c, res / 2);
    specs.push(filterBuffer(p));
    if (res === c.resolution) specs.push(...conv(`${p}.fromrgb`, c.imgChannels, tmpC, 1));
    specs.push(...conv(`${p}.conv0`, tmpC, tmpC, 3));
    specs.push(...conv(`${p}.conv1`, tmpC, outC, 3));
    specs.push(...conv(`${p}.skip`, tmpC, outC, 1, { bias: false }));
  }
  const c4 = channelsAt(c, 4);
  specs.push(...conv('b4.conv', c4 + c.mbstdChannels, c4, 3));
  specs.push(...fc('b4.fc', c4 * 16, c4));
  specs.push(...fc('b4.out', c4, 1));
  return specs;
}

export function resampleFilter2d(): Float32Array {
  const sum = resampleTaps.reduce((a, b) => a + b, 0);
  const out = new Float32Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) out[i * 4 + j] = (resampleTaps[i] * resampleTaps[j]) / (sum * sum);
  return out;
}

/** What is wrong with stored arrays for these specs (missing, mis-shaped or unknown names); empty when usable. */
export function arrayProblems(specs: ParamSpec[], arrays: ReadonlyMap<string, { shape: number[] }>): string[] {
  const problems: string[] = [];
  for (const spec of specs) {
    const a = arrays.get(spec.name);
    if (!a) problems.push(`missing ${spec.name}`);
    else if (a.shape.join(',') !== spec.shape.join(',')) problems.push(`${spec.name} has shape [${a.shape}] but the architecture needs [${spec.shape}]`);
  }
  const known = new Set(specs.map((s) => s.name));
  const unknown = [...arrays.keys()].filter((k) => !known.has(k));
  if (unknown.length > 0) problems.push(`unexpected tensors ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
  return problems;
}


/** One parameter's NVlabs initial values, drawn from `rng` (specs are drawn in order, so a seed fixes them all). */
export function initialValues(spec: ParamSpec, rng: Rng): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  switch (spec.init.kind) {
    case 'randn':
      return rng.normalArray(size, spec.init.scale);
    case 'fill':
      return new Float32Array(size).fill(spec.init.value);
    case 'resampleFilter':
      return resampleFilter2d();
  }
}

/** Fresh NVlabs-initialised arrays for the specs from a seed: the same values `initVariables` gives tfjs. */
export function initialArrays(specs: ParamSpec[], seed: number): Map<string, { shape: number[]; data: Float32Array }> {
  const rng = new Rng(seed);
  return new Map(specs.map((spec) => [spec.name, { shape: spec.shape, data: initialValues(spec, rng) }]));
}
