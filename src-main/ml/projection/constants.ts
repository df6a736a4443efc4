// The NVlabs projector.py schedule constants (stylegan2-ada-pytorch), as named there, so tests can check each one.

export const projectorSchedule = {
  /** z drawn with NumPy RandomState(123).randn(10000, z_dim) to estimate w_avg and w_std. */
  wAvgSamples: 10_000,
  wAvgSeed: 123,
  /** Adam betas. */
  beta1: 0.9,
  beta2: 0.999,
  /** PyTorch Adam's default ε (NVlabs does not override it). */
  eps: 1e-8,
  /** Linear warm-up over the first 5 % of the steps. */
  lrRampupLength: 0.05,
  /** Cosine ramp-down over the last 25 %. */
  lrRampdownLength: 0.25,
  /** Latent noise 0.05·w_std, decaying quadratically to zero at 75 % of the steps. */
  initialNoiseFactor: 0.05,
  noiseRampLength: 0.75,
  /** Weight of the noise-buffer auto-correlation penalty. */
  regularizeNoiseWeight: 1e5,
  /** The penalty's pyramid stops once a level is 8×8 or smaller. */
  regularizeMinSize: 8,
} as const;
