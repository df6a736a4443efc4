// Names of the generator's noise inputs in synthesis order, without TensorFlow (the main process names files by them).
import { blockResolutions } from '../stylegan2/config.js';
import type { StyleGan2Config } from '../stylegan2/config.js';

/** Noise input names in synthesis order (`synthesis.b4.conv1`, `synthesis.b8.conv0`, …), NVlabs' buffer prefixes. */
export function noiseLayerNames(G: { config: Pick<StyleGan2Config, 'resolution'> }): string[] {
  const names: string[] = [];
  blockResolutions(G.config).forEach((res, i) => {
    if (i > 0) names.push(`synthesis.b${res}.conv0`);
    names.push(`synthesis.b${res}.conv1`);
  });
  return names;
}

