// The projection step bench:gan times on the ONNX engine, doing the same work as bench_nvlabs.py's reference step:
// one w broadcast to every layer (W space), pixel MSE to a target, NVlabs' noise regularisation (weight 1e5) over
// the optimised noise buffers, and an Adam update (lr 0.1) of w and every noise buffer. Batch 1. The regulariser
// and Adam are the projector's own (ml/projection); `bench:project` times the projector's full step.
import type { OnnxGenerator } from '../../src-main/ml/onnx/onnxGenerator.js';
import { adamState, adamUpdate } from '../../src-main/ml/projection/adam.js';
import { noisePenalty } from '../../src-main/ml/projection/noiseRegularizer.js';

/** A projection of one image: `step()` runs one iteration and returns the loss. */
export function projectionLoop(G: OnnxGenerator, w: Float32Array, noise: Float32Array[], target: Float32Array): { step: () => Promise<number> } {
  const wDim = G.config.wDim;
  const resolutions = G.noiseResolutions;
  const adamW = adamState(wDim);
  const adamNoise = noise.map((n) => adamState(n.length));
  const ws = new Float32Array(G.numWs * wDim);
  const update = (param: Float32Array, grad: Float32Array, state: ReturnType<typeof adamState>): void => adamUpdate(param, grad, state, 0.1, 0.9, 0.999, 1e-8);
  return {
    step: async () => {
      for (let l = 0; l < G.numWs; l++) ws.set(w, l * wDim);
      const r = await G.projectionStep(ws, noise, target, 1);
      let loss = r.loss[0];
      const dw = new Float32Array(wDim);
      for (let l = 0; l < G.numWs; l++) for (let d = 0; d < wDim; d++) dw[d] += r.dWs[l * wDim + d];
      noise.forEach((n, i) => {
        const penalty = noisePenalty({ size: resolutions[i], data: n }, 8);
        loss += 1e5 * penalty.value;
        for (let p = 0; p < n.length; p++) r.dNoise[i][p] += 1e5 * penalty.gradient[p];
      });
      update(w, dw, adamW);
      noise.forEach((n, i) => update(n, r.dNoise[i], adamNoise[i]));
      return loss;
    },
  };
}
