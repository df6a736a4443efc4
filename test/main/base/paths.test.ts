// Data directory resolution (flag, env, platform default) and asar-unpacked paths of the packaged app.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultDataDir, resolveDataDir, unpackedPath } from '../../../src-main/base/paths.js';

test('the data directory is --data-dir, else LATENTRAD_HOME, else the platform default Electron also uses', () => {
  assert.equal(resolveDataDir('/tmp/a', { LATENTRAD_HOME: '/tmp/b' }), '/tmp/a');
  assert.equal(resolveDataDir(undefined, { LATENTRAD_HOME: '/tmp/b' }), '/tmp/b');
  assert.equal(defaultDataDir('linux', {}, '/home/r'), join('/home/r', '.config', 'LatentRad'));
  assert.equal(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/r'), join('/x', 'LatentRad'));
  assert.equal(defaultDataDir('darwin', {}, '/Users/r'), join('/Users/r', 'Library', 'Application Support', 'LatentRad'));
  assert.equal(defaultDataDir('win32', { APPDATA: 'C:\\Users\\r\\AppData\\Roaming' }, 'C:\\Users\\r'), join('C:\\Users\\r\\AppData\\Roaming', 'LatentRad'));
});

test('a path inside app.asar maps to app.asar.unpacked when electron-builder unpacked it there', () => {
  const inAsar = '/opt/LatentRad/resources/app.asar/node_modules/@tensorflow/tfjs-backend-wasm';
  const unpacked = '/opt/LatentRad/resources/app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm';
  assert.equal(unpackedPath(inAsar, (p) => p === unpacked), unpacked);
  assert.equal(unpackedPath('C:\\LatentRad\\resources\\app.asar\\x.wasm', () => true), 'C:\\LatentRad\\resources\\app.asar.unpacked\\x.wasm');
  // Not unpacked, or not in an asar at all: unchanged.
  assert.equal(unpackedPath(inAsar, () => false), inAsar);
  assert.equal(unpackedPath('/work/main/node_modules/x', () => true), '/work/main/node_modules/x');
});
