// Moves a long training run's resumable state between a data directory and the repository (issue 17: training
// survives a change of machine). Only the latest state is kept in the tree, so history grows by one checkpoint per save.
// Usage:
//   node --import tsx scripts/training-state.ts save RUN_DIR STATE_DIR      (e.g. DATA/training/ixi-t1-64 → assets/training/ixi-t1-64-reference)
//   node --import tsx scripts/training-state.ts restore STATE_DIR RUN_DIR   (then the training script's --resume continues the same run)
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [command, from, to] = process.argv.slice(2);
const usage = 'usage: training-state.ts save RUN_DIR STATE_DIR | restore STATE_DIR RUN_DIR';
if ((command !== 'save' && command !== 'restore') || !from || !to) throw new Error(usage);

const checkpointFiles = ['state.json', 'tensors.safetensors'];
const source = join(from, 'checkpoint');
for (const f of checkpointFiles) {
  if (!existsSync(join(source, f))) throw new Error(`${join(source, f)}: not there, so ${from} holds no complete checkpoint to ${command}`);
}
if (command === 'restore' && existsSync(join(to, 'checkpoint', 'state.json'))) {
  throw new Error(`${to} already holds a checkpoint; resume it there, or restore into an empty run folder`);
}

mkdirSync(join(to, 'checkpoint'), { recursive: true });
for (const f of checkpointFiles) copyFileSync(join(source, f), join(to, 'checkpoint', f));
// The log carries the run's history (losses, ADA p, snapshots) on to the next machine; the newest grid shows where it is.
if (existsSync(join(from, 'log.jsonl'))) copyFileSync(join(from, 'log.jsonl'), join(to, 'log.jsonl'));
if (command === 'save') {
  const grids = existsSync(join(from, 'grids')) ? readdirSync(join(from, 'grids')).filter((f) => f.endsWith('.png')).sort() : [];
  for (const old of existsSync(to) ? readdirSync(to).filter((f) => f.startsWith('grid-') && f.endsWith('.png')) : []) rmSync(join(to, old));
  const newest = grids.at(-1);
  if (newest) copyFileSync(join(from, 'grids', newest), join(to, `grid-${newest}`));
}
const bytes = checkpointFiles.reduce((sum, f) => sum + statSync(join(to, 'checkpoint', f)).size, 0);
console.log(`${command}d ${from} → ${to} (checkpoint ${(bytes / 2 ** 20).toFixed(1)} MiB)`);
