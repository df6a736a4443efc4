// The one thing the projector needs from a generator backend: for a batch of codes and noise buffers, the images,
// each image's distance to its target, and the gradients of the summed distance w.r.t. the codes and the buffers.
// The tfjs generator implements it (./tfjsStep.ts); a faster backend plugs in behind the same interface.

/** Per-layer noise: `layers[k]` is the k-th noise input in synthesis order, `count` images of size×size each. */
export interface NoiseSet {
  sizes: readonly number[];
  /** layers[k] holds count·size² values, image-major. */
  layers: Float32Array[];
}

export interface StepInput {
  count: number;
  /** ws [count, numWs, wDim] fed to synthesis (W codes already broadcast, latent noise already added). */
  ws: Float32Array;
  /** The buffers to use as noise, or null for the model's own noise_const. */
  noise: NoiseSet | null;
  /** Whether gradients w.r.t. the noise buffers are wanted (they are skipped for `--noise const`). */
  noiseGradients: boolean;
}

export interface StepOutput {
  /** Raw generator output [count, C, H, W] (NCHW, never clamped). */
  images: Float32Array;
  /** Distance per image. */
  distances: Float32Array;
  /** Σ distances ∂/∂ws, [count, numWs, wDim]. */
  gradWs: Float32Array;
  /** Σ distances ∂/∂noise, same layout as the input noise; null when not asked for. */
  gradNoise: Float32Array[] | null;
}

export interface DistanceWeights {
  mse: number;
  ssim: number;
}

export interface ProjectionStep {
  readonly numWs: number;
  readonly wDim: number;
  readonly channels: number;
  readonly resolution: number;
  /** Noise input sizes in synthesis order. */
  readonly noiseSizes: readonly number[];
  /** The model's noise_const buffers (what `--noise const` keeps). */
  constNoise(): NoiseSet;
  /** Sets the targets (NCHW in [−1, 1]) the distances are measured against. */
  setTargets(targets: Float32Array, count: number): void;
  run(input: StepInput): Promise<StepOutput>;
  /** Images only (no gradients): the final projection. */
  synthesize(ws: Float32Array, count: number, noise: NoiseSet | null): Promise<Float32Array>;
  dispose(): void;
}
