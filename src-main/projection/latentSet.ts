// Writes a latent set as ARTEFACTS.md specifies: latents.npy (N×num_ws×w_dim), index.csv, meta.json,
// projected_w/<row>.npz (key `w` [1, num_ws, w_dim] as NVlabs' projector writes it, plus noise_<buffer> arrays when the
// noise was optimised) and projections.npy (raw generator output, never clamped).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mse } from '../../src-shared/analysis/errorMetrics.js';
import { ssim } from '../../src-shared/analysis/ssim.js';
import { writeNpy } from '../io/npyFile.js';
import { encodeNpz } from '../ml/npzWrite.js';
import type { TargetRow } from './inputs.js';

export interface LatentSetData {
  count: number;
  numWs: number;
  wDim: number;
  channels: number;
  resolution: number;
  /** count × numWs × wDim */
  ws: Float32Array;
  /** count × C × res × res */
  images: Float32Array;
  targets: Float32Array;
  rows: TargetRow[];
  /** Per noise buffer (NVlabs name), count × size² values; null when the model's own buffers were used. */
  noise: { names: string[]; sizes: number[]; layers: Float32Array[] } | null;
}

/** SSIM (wang2004, data range 1) and MSE, both on images mapped to [0, 1], of every projection against its target. */
export function rowMetrics(d: Pick<LatentSetData, 'count' | 'channels' | 'resolution' | 'images' | 'targets'>): Array<{ ssim: number; mse: number }> {
  const per = d.channels * d.resolution * d.resolution;
  const plane = d.resolution * d.resolution;
  const out: Array<{ ssim: number; mse: number }> = [];
  for (let i = 0; i < d.count; i++) {
    let s = 0;
    let m = 0;
    for (let c = 0; c < d.channels; c++) {
      const at = i * per + c * plane;
      const a = { width: d.resolution, height: d.resolution, data: Float64Array.from(d.targets.subarray(at, at + plane), (v) => (v + 1) / 2) };
      const b = { width: d.resolution, height: d.resolution, data: Float64Array.from(d.images.subarray(at, at + plane), (v) => (v + 1) / 2) };
      s += ssim(a, b, { variant: 'wang2004', dataRange: 1 }).mean / d.channels;
      m += mse(a, b) / d.channels;
    }
    out.push({ ssim: s, mse: m });
  }
  return out;
}

export async function writeLatentSet(dir: string, d: LatentSetData, meta: Record<string, unknown>): Promise<{ files: string[]; metrics: Array<{ ssim: number; mse: number }> }> {
  const metrics = rowMetrics(d);
  await writeNpy(join(dir, 'latents.npy'), d.ws, [d.count, d.numWs, d.wDim], 'float32');
  await writeNpy(join(dir, 'projections.npy'), d.images, [d.count, d.channels, d.resolution, d.resolution], 'float32');
  await writeNpy(join(dir, 'targets.npy'), d.targets, [d.count, d.channels, d.resolution, d.resolution], 'float32');
  const header = ['row', 'item', 'entity', 'axis', 'slice', 'subject', 'ssim', 'mse'];
  const body = d.rows.map((r, i) => [String(i), r.item, r.entity, r.axis, r.slice === null ? '' : String(r.slice), r.subject, metrics[i].ssim.toFixed(6), metrics[i].mse.toExponential(6)]);
  await writeFile(join(dir, 'index.csv'), toCsv([header, ...body]));
  await writeFile(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  await mkdir(join(dir, 'projected_w'), { recursive: true });
  const wLen = d.numWs * d.wDim;
  for (let i = 0; i < d.count; i++) {
    const arrays = [{ name: 'w', data: d.ws.slice(i * wLen, (i + 1) * wLen), shape: [1, d.numWs, d.wDim] }];
    if (d.noise) {
      d.noise.layers.forEach((layer, k) => {
        const per = d.noise!.sizes[k] ** 2;
        arrays.push({ name: `noise_${d.noise!.names[k]}`, data: layer.slice(i * per, (i + 1) * per), shape: [d.noise!.sizes[k], d.noise!.sizes[k]] });
      });
    }
    await writeFile(join(dir, 'projected_w', `${String(i).padStart(4, '0')}.npz`), encodeNpz(arrays));
  }
  return { files: ['latents.npy', 'index.csv', 'meta.json', 'projections.npy', 'targets.npy', 'projected_w/'], metrics };
}

/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. */
export function toCsv(rows: string[][]): string {
  const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${rows.map((r) => r.map(field).join(',')).join('\n')}\n`;
}
