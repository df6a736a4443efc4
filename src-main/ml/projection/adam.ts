// Adam on plain float arrays, as PyTorch computes it (bias-corrected moments, ε after the square root): the projector
// optimises a few thousand numbers per image, so the update is cheap next to the generator's forward and backward.

export interface AdamState {
  m: Float32Array;
  v: Float32Array;
  /** Updates applied so far. */
  t: number;
}

export function adamState(length: number): AdamState {
  return { m: new Float32Array(length), v: new Float32Array(length), t: 0 };
}

/** One in-place update of `param` with `grad` at learning rate `lr`. */
export function adamUpdate(param: Float32Array, grad: Float32Array, state: AdamState, lr: number, beta1: number, beta2: number, eps: number): void {
  if (grad.length !== param.length || state.m.length !== param.length) throw new Error(`adam: ${param.length} parameters, ${grad.length} gradients, state of ${state.m.length}`);
  state.t += 1;
  const c1 = 1 - beta1 ** state.t;
  const c2 = 1 - beta2 ** state.t;
  const { m, v } = state;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    param[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
  }
}
