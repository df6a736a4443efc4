// The encoder's architecture as data: its settings schema, the default sizes for a generator and the parameter names
// and shapes. Kept apart from network.ts (the tfjs layers) so that listing and checking encoders loads no TensorFlow.js.
import { z } from 'zod';

export const encoderArchitectureSchema = z
  .object({
    resolution: z.number().int().min(8),
    channels: z.number().int().min(1),
    numWs: z.number().int().min(1),
    wDim: z.number().int().min(1),
    space: z.enum(['w', 'wplus']),
    /** Width of the stem and of each residual block (one per halving down to 4×4). */
    widths: z.array(z.number().int().min(1)),
    headChannels: z.number().int().min(1),
  })
  .strict();
export type EncoderArchitecture = z.infer<typeof encoderArchitectureSchema>;

/** The default architecture for a generator (see the module comment for why these sizes). */
export function defaultArchitecture(g: { resolution: number; channels: number; numWs: number; wDim: number }, space: 'w' | 'wplus'): EncoderArchitecture {
  const blocks = Math.round(Math.log2(g.resolution / 4));
  if (2 ** blocks * 4 !== g.resolution || blocks < 1) throw new Error(`encoder: resolution ${g.resolution} is not 4·2^k (k ≥ 1)`);
  const widths = Array.from({ length: blocks + 1 }, (_, i) => Math.min(128, 16 * 2 ** Math.max(0, i - 1 - Math.max(0, blocks - 4))));
  return { ...g, space, widths, headChannels: 64 };
}

/** Parameter names and shapes, in a fixed order (checkpoints and the safetensors file use these names). */
export function parameterShapes(a: EncoderArchitecture): Array<[string, number[]]> {
  const blocks = a.widths.length - 1;
  if (a.resolution !== 4 * 2 ** blocks) throw new Error(`encoder: ${a.widths.length} widths do not take ${a.resolution} px down to 4 px`);
  const out: Array<[string, number[]]> = [
    ['stem.weight', [3, 3, a.channels, a.widths[0]]],
    ['stem.bias', [a.widths[0]]],
  ];
  for (let b = 0; b < blocks; b++) {
    const [cin, cout] = [a.widths[b], a.widths[b + 1]];
    out.push([`block${b}.conv0.weight`, [3, 3, cin, cout]], [`block${b}.conv0.bias`, [cout]]);
    out.push([`block${b}.conv1.weight`, [3, 3, cout, cout]], [`block${b}.conv1.bias`, [cout]]);
    out.push([`block${b}.skip.weight`, [1, 1, cin, cout]]);
  }
  out.push(['head.weight', [1, 1, a.widths[blocks], a.headChannels]], ['head.bias', [a.headChannels]]);
  out.push(['out.weight', [16 * a.headChannels, outputSize(a)]], ['out.bias', [outputSize(a)]]);
  return out;
}

export function outputSize(a: EncoderArchitecture): number {
  return (a.space === 'wplus' ? a.numWs : 1) * a.wDim;
}
