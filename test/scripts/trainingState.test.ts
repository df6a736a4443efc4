// Proves scripts/training-state.ts: a run's checkpoint and log are saved to a state folder with only the newest grid,
// restored byte for byte into an empty run folder, and refused (naming the path) when incomplete or when restoring
// over an existing checkpoint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDirs } from '../support/tempDirs.js';

const work = tempDirs('latentrad-training-state-');
const script = join(import.meta.dirname, '..', '..', 'scripts', 'training-state.ts');
const run = (...args: string[]): { status: number | null; out: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

function fakeRun(dir: string): void {
  mkdirSync(join(dir, 'checkpoint'), { recursive: true });
  mkdirSync(join(dir, 'grids'), { recursive: true });
  writeFileSync(join(dir, 'checkpoint', 'state.json'), '{"nimg": 4000}\n');
  writeFileSync(join(dir, 'checkpoint', 'tensors.safetensors'), Buffer.from([1, 2, 3, 4, 5]));
  writeFileSync(join(dir, 'log.jsonl'), '{"event":"start"}\n');
  for (const g of ['kimg-0002.png', 'kimg-0004.png']) writeFileSync(join(dir, 'grids', g), g);
}

test('save keeps checkpoint, log and the newest grid only; restore puts them back for --resume', () => {
  const dir = work();
  fakeRun(join(dir, 'run'));
  const state = join(dir, 'state');
  mkdirSync(state);
  writeFileSync(join(state, 'grid-kimg-0000.png'), 'old');
  const saved = run('save', join(dir, 'run'), state);
  assert.equal(saved.status, 0, saved.out);
  assert.match(saved.out, /checkpoint 0\.0 MiB/);
  assert.deepEqual(readdirSync(state).sort(), ['checkpoint', 'grid-kimg-0004.png', 'log.jsonl']);
  const restored = run('restore', state, join(dir, 'elsewhere'));
  assert.equal(restored.status, 0, restored.out);
  for (const f of ['checkpoint/state.json', 'checkpoint/tensors.safetensors', 'log.jsonl']) {
    assert.deepEqual(readFileSync(join(dir, 'elsewhere', f)), readFileSync(join(dir, 'run', f)), f);
  }
});

test('an incomplete checkpoint or a restore over an existing run is refused, naming the path', () => {
  const dir = work();
  fakeRun(join(dir, 'run'));
  const incomplete = join(dir, 'incomplete');
  mkdirSync(join(incomplete, 'checkpoint'), { recursive: true });
  writeFileSync(join(incomplete, 'checkpoint', 'state.json'), '{}');
  const r1 = run('save', incomplete, join(dir, 'out'));
  assert.notEqual(r1.status, 0);
  assert.match(r1.out, /tensors\.safetensors: not there/);
  assert.equal(existsSync(join(dir, 'out')), false, 'nothing is written');
  const r2 = run('restore', join(dir, 'run'), join(dir, 'run'));
  assert.notEqual(r2.status, 0);
  assert.match(r2.out, /already holds a checkpoint/);
  assert.match(run('copy', 'a', 'b').out, /usage: training-state\.ts/);
});
