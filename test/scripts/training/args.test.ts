// Proves the long training scripts' options: defaults, onnx, --snapshot-kimg, and errors naming the script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrainingArgs } from '../../../scripts/training/args.js';

test('defaults: no resume, the given kimg, tfjs wasm, no snapshot interval', () => {
  assert.deepEqual(parseTrainingArgs('t.ts', ['/data'], 40), { dataDir: '/data', resume: false, kimg: 40, onnx: false, snapshotKimg: undefined });
});

test('--resume, --kimg, --backend onnx and --snapshot-kimg are read', () => {
  assert.deepEqual(parseTrainingArgs('t.ts', ['/data', '--resume', '--kimg', '200', '--backend', 'onnx', '--snapshot-kimg', '2'], 40), {
    dataDir: '/data',
    resume: true,
    kimg: 200,
    onnx: true,
    snapshotKimg: 2,
  });
});

test('bad options are errors naming the script and the value', () => {
  assert.throws(() => parseTrainingArgs('train-chest.ts', [], 40), /usage: train-chest\.ts DATA_DIR/);
  assert.throws(() => parseTrainingArgs('train-chest.ts', ['--resume'], 40), /usage: train-chest\.ts DATA_DIR/);
  assert.throws(() => parseTrainingArgs('train-chest.ts', ['/d', '--backend', 'tensorflow'], 40), /train-chest\.ts: --backend tensorflow is not supported/);
  assert.throws(() => parseTrainingArgs('train-chest.ts', ['/d', '--kimg', 'many'], 40), /train-chest\.ts: --kimg many is not a positive number/);
  assert.throws(() => parseTrainingArgs('train-chest.ts', ['/d', '--snapshot-kimg'], 40), /train-chest\.ts: --snapshot-kimg needs a value/);
});
