// Parameter tensors of the networks: fresh NVlabs-style initialisation from a seed, or variables from stored
// arrays checked against the specs (specs.ts holds the names, shapes and init rules).
import * as tf from '@tensorflow/tfjs';
import { arrayProblems, initialValues } from './specs.js';
import type { ParamSpec } from './specs.js';
import { Rng } from './random.js';

export { discriminatorParamSpecs, generatorParamSpecs } from './specs.js';
export type { ParamSpec } from './specs.js';

/** Parameters by NVlabs name; forward passes accept plain tensors or variables. */
export type ParamMap = ReadonlyMap<string, tf.Tensor>;
export type VariableMap = Map<string, tf.Variable>;

/** Fresh variables for the specs, initialised as NVlabs does, from a seed. */
export function initVariables(specs: ParamSpec[], seed: number, prefix: string): VariableMap {
  const rng = new Rng(seed);
  const vars: VariableMap = new Map();
  for (const spec of specs) {
    const value = tf.tensor(initialValues(spec, rng), spec.shape, 'float32');
    vars.set(spec.name, tf.variable(value, spec.trainable, `${prefix}/${spec.name}/${nextVariableId++}`));
    value.dispose();
  }
  return vars;
}

// tfjs variable names must be unique per process; networks are created many times (EMA copies, tests).
let nextVariableId = 0;

/**
 * Variables from stored arrays (a model directory or checkpoint), checked name by name and shape by shape
 * against the specs. `source` names the file in error messages.
 */
export function variablesFromArrays(
  specs: ParamSpec[],
  arrays: ReadonlyMap<string, { shape: number[]; data: Float32Array }>,
  source: string,
  prefix: string,
): VariableMap {
  const problems = arrayProblems(specs, arrays);
  if (problems.length > 0) throw new Error(`${source}: weights do not match the architecture: ${problems.slice(0, 8).join('; ')}`);
  const vars: VariableMap = new Map();
  for (const spec of specs) {
    const a = arrays.get(spec.name)!;
    const t = tf.tensor(a.data, spec.shape, 'float32');
    vars.set(spec.name, tf.variable(t, spec.trainable, `${prefix}/${spec.name}/${nextVariableId++}`));
    t.dispose();
  }
  return vars;
}

/** The tensor of one parameter; a missing name is a programming error, reported with the name. */
export function param(params: ParamMap, name: string): tf.Tensor {
  const t = params.get(name);
  if (!t) throw new Error(`StyleGAN2 parameter "${name}" is missing`);
  return t;
}

export function disposeParams(params: ParamMap): void {
  for (const t of params.values()) t.dispose();
}
