// Adam as PyTorch computes it (bias-corrected moments, ε added after the square root), with state we can
// checkpoint, plus NVlabs' lazy-regularisation correction of lr and betas.
import * as tf from '@tensorflow/tfjs';

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/**
 * When a regulariser runs only every `interval` minibatches (lazy R1), NVlabs scales the optimiser so the
 * effective hyper-parameters match per-step training: mb_ratio = interval / (interval + 1),
 * lr ← lr·mb_ratio, β ← β^mb_ratio.
 */
export function lazyRegularisationAdam(base: AdamOptions, interval: number | null): AdamOptions {
  if (!interval || interval <= 0) return { ...base };
  const ratio = interval / (interval + 1);
  return { lr: base.lr * ratio, beta1: base.beta1 ** ratio, beta2: base.beta2 ** ratio, eps: base.eps };
}

export class Adam {
  readonly options: AdamOptions;
  step = 0;
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();

  constructor(options: AdamOptions, readonly params: Map<string, tf.Variable>) {
    this.options = options;
    for (const [name, p] of params) {
      this.m.set(name, tf.variable(tf.zerosLike(p), false, `adam_m/${name}/${uniqueSuffix()}`));
      this.v.set(name, tf.variable(tf.zerosLike(p), false, `adam_v/${name}/${uniqueSuffix()}`));
    }
  }

  /** One update from gradients keyed like `params`; parameters without a gradient are left alone. */
  apply(grads: Map<string, tf.Tensor>): void {
    this.step += 1;
    const { lr, beta1, beta2, eps } = this.options;
    const bias1 = 1 - beta1 ** this.step;
    const bias2 = 1 - beta2 ** this.step;
    tf.tidy(() => {
      for (const [name, g] of grads) {
        const p = this.params.get(name);
        const m = this.m.get(name);
        const v = this.v.get(name);
        if (!p || !m || !v) continue;
        const mNew = m.mul(beta1).add(g.mul(1 - beta1));
        const vNew = v.mul(beta2).add(g.square().mul(1 - beta2));
        // PyTorch: p -= lr/bias1 · m / (sqrt(v)/sqrt(bias2) + eps)
        const denom = vNew.sqrt().div(Math.sqrt(bias2)).add(eps);
        p.assign(p.sub(mNew.div(denom).mul(lr / bias1)));
        m.assign(mNew);
        v.assign(vNew);
      }
    });
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

let counter = 0;
/** tfjs variable names are global; several optimisers over the same parameter names must not collide. */
function uniqueSuffix(): string {
  counter += 1;
  return String(counter);
}
