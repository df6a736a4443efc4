// Exports a training run's G_ema snapshot as an embedded model directory (model.json + safetensors), with the
// sample grid, the training log and a README stating configuration, data, attribution and how far it was trained.
// Usage: node --import tsx scripts/train-export.ts RUN_DIR OUT_DIR [--snapshot TAG] [--quality "text"] [--profile ixi|ixi-train130|chest]
// --profile names the data (description, licence, data line and attribution of the README); default ixi.
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readModelDir, writeModelDir } from '../src-main/ml/stylegan2/modelDir.js';

const [runDir, outDir] = process.argv.slice(2);
if (!runDir || !outDir) throw new Error('usage: train-export.ts RUN_DIR OUT_DIR [--snapshot TAG] [--quality "text"] [--profile ixi|ixi-train130|chest]');
const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const snapshots = (await readdir(join(runDir, 'snapshots'))).sort();
const tag = flag('--snapshot') ?? snapshots.at(-1);
if (!tag) throw new Error(`${runDir}: no snapshots yet`);
const quality = flag('--quality') ?? 'not assessed';
const profileName = flag('--profile') ?? 'ixi';
if (profileName !== 'ixi' && profileName !== 'ixi-train130' && profileName !== 'chest') throw new Error(`train-export.ts: --profile ${profileName} is not one of ixi, ixi-train130, chest`);

interface LogLine {
  event: string;
  time: string;
  kimg?: number;
  lossG?: number;
  lossD?: number;
  r1?: number;
  adaP?: number;
  imagesPerSecond?: number;
  elapsedSeconds?: number;
  config?: Record<string, unknown>;
  backend?: string;
  datasetCount?: number;
}
const log = (await readFile(join(runDir, 'log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as LogLine);
const snapshotKimg = Number(tag.replace('kimg-', ''));
const upTo = log.filter((l) => l.event !== 'progress' || (l.kimg ?? 0) <= snapshotKimg + 1e-9);
const progress = upTo.filter((l) => l.event === 'progress');
const last = progress.at(-1);
const start = log.find((l) => l.event === 'start');
const config = start?.config ?? {};
const rates = progress.map((p) => p.imagesPerSecond ?? 0).filter((r) => r > 0);
const meanRate = rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length);
const hours = (last?.elapsedSeconds ?? 0) / 3600;

const model = await readModelDir(join(runDir, 'snapshots', tag));
const profiles = {
  ixi: {
    title: "ixi-t1-64 — LatentRad's first trained StyleGAN2 generator (barely trained)",
    description: `LatentRad's first model: 64×64 axial IXI T1 slices, ${snapshotKimg.toFixed(1)} kimg on a 2-core CPU (wasm) — barely trained`,
    licence: 'weights: CC BY-SA 3.0 (derived from the IXI dataset, CC BY-SA 3.0)',
    data: `${start?.datasetCount ?? '?'} axial slices (every 2nd slice in 45–85 % of the superior–inferior extent, ≥ 20 % foreground) of the 150 IXI T1 volumes in \`../shared/data/ixi\`, area-resampled to 64×64 after padding to a square, per-slice 0.5/99.5-percentile normalisation to [−1, 1]`,
    resume: 'scripts/train-ixi.ts DATA_DIR --resume --kimg N',
    attribution: `Trained on the IXI dataset (Information eXtraction from Images, Imperial College London et al.,
https://brain-development.org/ixi-dataset/), T1 volumes as redistributed in the CBICA NiChart_Project test data,
licensed CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/). These weights are a derivative of that data
and are shared under the same licence, CC BY-SA 3.0.`,
  },
  'ixi-train130': {
    title: `${basename(outDir)} — IXI T1 generator trained on the 130 subjects not held out (early in training)`,
    description: `64×64 axial IXI T1 slices of the 130 subjects not in holdout.txt (the NVlabs reference's network size), ${snapshotKimg.toFixed(1)} kimg on a 2-core CPU (onnx) — early in training`,
    licence: 'weights: CC BY-SA 3.0 (derived from the IXI dataset, CC BY-SA 3.0)',
    data: `${start?.datasetCount ?? '?'} axial slices (every 2nd slice in 45–85 % of the superior–inferior extent, ≥ 20 % foreground) of the 130 IXI T1 volumes listed in \`../shared/data/models/ixi-t1-64-nvlabs/train.txt\` — the 20 subjects of \`holdout.txt\` (copied beside the weights) were never shown — area-resampled to 64×64 after padding to a square, per-slice 0.5/99.5-percentile normalisation to [−1, 1]`,
    resume: 'scripts/training-state.ts restore assets/training/ixi-t1-64-reference DATA_DIR/training/ixi-t1-64, then scripts/train-ixi.ts DATA_DIR --config reference --resume --kimg N --backend onnx',
    attribution: `Trained on the IXI dataset (Information eXtraction from Images, Imperial College London et al.,
https://brain-development.org/ixi-dataset/), T1 volumes as redistributed in the CBICA NiChart_Project test data,
licensed CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/). These weights are a derivative of that data
and are shared under the same licence, CC BY-SA 3.0.`,
  },
  chest: {
    title: "chest-xray-64 — LatentRad's paediatric chest X-ray generator (early in training)",
    description: `Paediatric chest X-rays (NORMAL/PNEUMONIA, Kermany et al.) at 64×64, ${snapshotKimg.toFixed(1)} kimg on a shared 2-core CPU (onnx) — early in training`,
    licence: 'weights: CC BY 4.0 (derived from Kermany et al. 2018, CC BY 4.0)',
    data: `${start?.datasetCount ?? '?'} films of \`../shared/data/cxr/train256\` (NORMAL and PNEUMONIA) not in \`holdout.txt\`, area-resampled to 64×64, per-image 0.5/99.5-percentile normalisation to [−1, 1]; the class kept as a label (\`labels.npy\`) for conditional use later, the network unconditional`,
    resume: 'scripts/train-chest.ts DATA_DIR --resume --kimg N --backend onnx',
    attribution: `Trained on Kermany, Zhang, Goldbaum (2018), "Labeled Optical Coherence Tomography (OCT) and Chest X-Ray Images
for Classification", Mendeley Data v2, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). These weights are a
derivative of that data and are shared under the same licence, CC BY 4.0.`,
  },
};
const profile = profiles[profileName];
await mkdir(outDir, { recursive: true });
await writeModelDir(outDir, {
  name: basename(outDir),
  config: model.config,
  generator: model.generator,
  provenance: {
    source: 'latentrad-training',
    description: profile.description,
    createdAt: new Date().toISOString(),
    tool: model.manifest.provenance.tool,
    dataset: String(config.dataset ?? 'ixi-t1-axial-64'),
    kimg: snapshotKimg,
    licence: profile.licence,
    notes: `G_ema at ${tag}; ${hours.toFixed(2)} h of training at ${meanRate.toFixed(2)} images/s`,
    ...(model.manifest.provenance.preprocessing ? { preprocessing: model.manifest.provenance.preprocessing } : {}),
  },
});
const grids = await readdir(join(runDir, 'grids'));
const grid = grids.includes(`${tag}.png`) ? `${tag}.png` : grids.sort().at(-1);
if (grid) await copyFile(join(runDir, 'grids', grid), join(outDir, 'samples.png'));
await writeFile(join(outDir, 'training-log.jsonl'), `${upTo.map((l) => JSON.stringify(l)).join('\n')}\n`);

const net = config.network as Record<string, number> | undefined;
const readme = `# ${profile.title}

**Synthetic images from this model are not for diagnosis.**

| | |
|---|---|
| architecture | StyleGAN2 (NVlabs parameter names), 64×64, 1 channel, z = w = ${net?.zDim ?? '?'}, mapping ${net?.mappingLayers ?? '?'} layers, channel base ${net?.channelBase ?? '?'} / max ${net?.channelMax ?? '?'}, ${model.manifest.numWs} ws |
| weights | G_ema (\`generator.safetensors\`, float32), snapshot \`${tag}\` |
| data | ${profile.data} |
| training | ${String(config.batch ?? '?')} images per batch, lr 0.002 (G) / 0.0023 (D), Adam β = (0, 0.99), lazy R1 every 16 (γ = 0.0002·64²/8 = 0.1024), G EMA, style mixing 0.9, x-flips, ADA (target 0.6, ada_kimg 100), backend ${start?.backend ?? '?'} |
| how far | **${snapshotKimg.toFixed(1)} kimg** (${Math.round(snapshotKimg * 1000)} real images shown) in **${hours.toFixed(2)} h** of wall time at ${meanRate.toFixed(2)} images/s on a shared 2-core CPU; NVlabs models train for 5 000–25 000 kimg |
| last losses | G ${last?.lossG?.toFixed(3) ?? '?'}, D ${last?.lossD?.toFixed(3) ?? '?'}, R1 ${last?.r1?.toFixed(3) ?? '?'}, ADA p ${last?.adaP?.toFixed(3) ?? '?'} |

## Quality, honestly

${quality}

\`samples.png\` shows G_ema on 32 fixed latents (noise const, ψ = 1). \`training-log.jsonl\` is the run's log up to this
snapshot (one progress line per 0.1 kimg). Use this model to exercise the pipeline (generate, project, directions,
eigencomponents); for research results train a real model (\`latentrad dataset export --nvlabs\`, stylegan2-ada-pytorch on
a GPU, \`scripts/export_stylegan2_ada.py\`) or continue this run (\`${profile.resume}\`).

## Data attribution and licence

${profile.attribution}
`;
await writeFile(join(outDir, 'README.md'), readme);
console.log(`exported ${tag} (${snapshotKimg} kimg, ${hours.toFixed(2)} h) to ${outDir}`);
