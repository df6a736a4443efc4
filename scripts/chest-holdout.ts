// Writes the chest X-ray model's held-out list (assets/models/chest-xray-64/holdout.txt) from the shared data's
// train256 folder: 10 % of each class's patients, seed 0. Usage: node --import tsx scripts/chest-holdout.ts [CXR_DIR]
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chestClasses, chestHoldout } from './chest/split.js';

const root = process.argv[2] ?? join(process.env.LATENTRAD_SHARED_DATA ?? '/work/shared/data', 'cxr', 'train256');
const images = chestClasses.flatMap((cls) => readdirSync(join(root, cls)).filter((f) => /\.png$/i.test(f)).map((f) => ({ path: `${cls}/${f}`, cls })));
const { train, holdout } = chestHoldout(images, 0.1, 0);
const out = join(import.meta.dirname, '..', 'assets', 'models', 'chest-xray-64', 'holdout.txt');
writeFileSync(out, `${holdout.map((im) => im.path).join('\n')}\n`);
const count = (list: typeof images, cls: string) => list.filter((im) => im.cls === cls).length;
console.log(`${out}: ${holdout.length} held out (${chestClasses.map((c) => `${c} ${count(holdout, c)}`).join(', ')}), ${train.length} for training (${chestClasses.map((c) => `${c} ${count(train, c)}`).join(', ')})`);
