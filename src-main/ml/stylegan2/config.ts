// StyleGAN2(-ADA) architecture configuration: the numbers that fix every parameter's name and shape.
// Field names follow NVlabs stylegan2-ada-pytorch's constructor kwargs so a model trained there maps one to one;
// `fromNvlabsKwargs` / `toNvlabsKwargs` convert between the nested NVlabs form and this flat one.

export interface StyleGan2Config {
  /** Output image size in pixels (square, a power of two). Supported here: 32–256 (4–1024 load, untested). */
  resolution: number;
  /** Image channels: 1 for grey-scale medical images, 3 for RGB. */
  imgChannels: number;
  /** Dimensionality of the input latent z. */
  zDim: number;
  /** Dimensionality of the intermediate latent w (and of each style input). */
  wDim: number;
  /** Conditioning label dimensionality; only 0 (unconditional) is implemented. */
  cDim: number;
  /** Fully connected layers in the mapping network (NVlabs default 8; 2 in the paper's small "auto" configs). */
  mappingLayers: number;
  /** Learning-rate multiplier of the mapping layers (equalised learning rate: scales weights at run time). */
  mappingLrMultiplier: number;
  /** Decay of the running average of w used for truncation (β). */
  wAvgBeta: number;
  /** Channels at resolution r are min(channelBase / r, channelMax) (NVlabs: 32768 and 512). */
  channelBase: number;
  channelMax: number;
  /** Activations of every convolution are clamped to ±convClamp (NVlabs training default 256; null = off). */
  convClamp: number | null;
  /** Discriminator: samples per minibatch-stddev group (clipped to the batch size). */
  mbstdGroupSize: number;
  /** Discriminator: feature channels appended by the minibatch-stddev layer (0 disables it). */
  mbstdChannels: number;
}

export const defaultConfig: StyleGan2Config = {
  resolution: 64,
  imgChannels: 1,
  zDim: 512,
  wDim: 512,
  cDim: 0,
  mappingLayers: 8,
  mappingLrMultiplier: 0.01,
  wAvgBeta: 0.995,
  channelBase: 32768,
  channelMax: 512,
  convClamp: 256,
  mbstdGroupSize: 4,
  mbstdChannels: 1,
};

/** The low-pass filter every up/downsampling uses, before normalisation ([1,3,3,1] ⊗ [1,3,3,1] / 64). */
export const resampleTaps: readonly number[] = [1, 3, 3, 1];

export function resolveConfig(partial: Partial<StyleGan2Config> = {}): StyleGan2Config {
  const config = { ...defaultConfig, ...partial };
  const problems = validateConfig(config);
  if (problems.length > 0) throw new Error(`invalid StyleGAN2 configuration: ${problems.join('; ')}`);
  return config;
}

export function validateConfig(c: StyleGan2Config): string[] {
  const problems: string[] = [];
  const positiveInt = (v: number): boolean => Number.isInteger(v) && v > 0;
  if (!positiveInt(c.resolution) || c.resolution < 4 || (c.resolution & (c.resolution - 1)) !== 0 || c.resolution > 1024) {
    problems.push(`resolution must be a power of two from 4 to 1024 (got ${c.resolution})`);
  }
  if (!positiveInt(c.imgChannels)) problems.push(`imgChannels must be a positive integer (got ${c.imgChannels})`);
  if (!positiveInt(c.zDim)) problems.push(`zDim must be a positive integer (got ${c.zDim})`);
  if (!positiveInt(c.wDim)) problems.push(`wDim must be a positive integer (got ${c.wDim})`);
  if (c.cDim !== 0) problems.push(`conditional models (cDim ${c.cDim}) are not supported; cDim must be 0`);
  if (!positiveInt(c.mappingLayers)) problems.push(`mappingLayers must be a positive integer (got ${c.mappingLayers})`);
  if (!(c.mappingLrMultiplier > 0)) problems.push('mappingLrMultiplier must be positive');
  if (!(c.wAvgBeta >= 0 && c.wAvgBeta < 1)) problems.push('wAvgBeta must be in [0, 1)');
  if (!positiveInt(c.channelBase) || !positiveInt(c.channelMax)) problems.push('channelBase and channelMax must be positive integers');
  if (c.convClamp !== null && !(c.convClamp > 0)) problems.push('convClamp must be positive or null');
  if (!positiveInt(c.mbstdGroupSize)) problems.push('mbstdGroupSize must be a positive integer');
  if (!Number.isInteger(c.mbstdChannels) || c.mbstdChannels < 0) problems.push('mbstdChannels must be a non-negative integer');
  if (problems.length === 0) {
    for (const res of blockResolutions(c)) {
      if (channelsAt(c, res) < 1) problems.push(`channelBase ${c.channelBase} leaves no channels at ${res}px`);
    }
  }
  return problems;
}

/** Synthesis block resolutions, 4 up to the output resolution. */
export function blockResolutions(c: Pick<StyleGan2Config, 'resolution'>): number[] {
  const out: number[] = [];
  for (let r = 4; r <= c.resolution; r *= 2) out.push(r);
  return out;
}

export function channelsAt(c: StyleGan2Config, res: number): number {
  return Math.min(Math.floor(c.channelBase / res), c.channelMax);
}

/** Number of w vectors the synthesis network consumes: two per block (one at 4×4) plus the last toRGB. */
export function numWs(c: StyleGan2Config): number {
  return 1 + 2 * (blockResolutions(c).length - 1) + 1;
}

/** NVlabs Generator constructor kwargs, as saved next to a pickle or written by our exporter. */
export interface NvlabsGeneratorKwargs {
  z_dim: number;
  c_dim?: number;
  w_dim: number;
  img_resolution: number;
  img_channels: number;
  mapping_kwargs?: { num_layers?: number; lr_multiplier?: number; w_avg_beta?: number };
  synthesis_kwargs?: { channel_base?: number; channel_max?: number; conv_clamp?: number | null; num_fp16_res?: number; architecture?: string };
}

/** Converts NVlabs kwargs, applying NVlabs' own defaults for anything left out. */
export function fromNvlabsKwargs(kw: NvlabsGeneratorKwargs): StyleGan2Config {
  const arch = kw.synthesis_kwargs?.architecture ?? 'skip';
  if (arch !== 'skip') throw new Error(`synthesis architecture "${arch}" is not supported (only "skip", the StyleGAN2 default)`);
  return resolveConfig({
    resolution: kw.img_resolution,
    imgChannels: kw.img_channels,
    zDim: kw.z_dim,
    wDim: kw.w_dim,
    cDim: kw.c_dim ?? 0,
    mappingLayers: kw.mapping_kwargs?.num_layers ?? 8,
    mappingLrMultiplier: kw.mapping_kwargs?.lr_multiplier ?? 0.01,
    wAvgBeta: kw.mapping_kwargs?.w_avg_beta ?? 0.995,
    channelBase: kw.synthesis_kwargs?.channel_base ?? 32768,
    channelMax: kw.synthesis_kwargs?.channel_max ?? 512,
    // NVlabs' constructor default is no clamping; its training configs pass 256.
    convClamp: kw.synthesis_kwargs?.conv_clamp ?? null,
  });
}

export function toNvlabsKwargs(c: StyleGan2Config): NvlabsGeneratorKwargs {
  return {
    z_dim: c.zDim,
    c_dim: c.cDim,
    w_dim: c.wDim,
    img_resolution: c.resolution,
    img_channels: c.imgChannels,
    mapping_kwargs: { num_layers: c.mappingLayers, lr_multiplier: c.mappingLrMultiplier, w_avg_beta: c.wAvgBeta },
    synthesis_kwargs: { channel_base: c.channelBase, channel_max: c.channelMax, conv_clamp: c.convClamp, num_fp16_res: 0 },
  };
}
