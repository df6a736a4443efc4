// The catalog CLI end to end (a child process per command, as a user runs it): import summary in JSON, ls with
// --where, export-image to .npy and .png, label (a numeric label refuses words) and labels import; exit status 0 even
// when files are rejected, 2 when a path does not exist.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { readPng } from '../../../src-main/io/png.js';
import { decodeNpy } from '../../../src-shared/io/npy.js';
import { fixturesDir, repoRoot } from '../../support/data.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'latentrad-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ json: unknown; code: number; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main', 'cli', 'main.ts'), '--data-dir', join(dir, 'data'), '--json', ...args], { cwd: repoRoot });
    return { json: JSON.parse(stdout), code: 0, stderr };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { json: e.stdout ? JSON.parse(e.stdout) : null, code: e.code, stderr: e.stderr };
  }
}

test('import, ls, export-image, label and labels import work from the command line', async () => {
  const imported = await cli('import', join(fixturesDir, 'nifti'), join(fixturesDir, 'dicom', 'pydicom', 'CT_small.dcm'));
  assert.equal(imported.code, 0, 'rejected files do not make the import fail');
  const summary = imported.json as { volumes: number; instances: number; errors: Array<{ path: string; reason: string }> };
  assert.equal(summary.volumes, 6);
  assert.equal(summary.instances, 1);
  assert.ok(summary.errors.some((e) => e.path.endsWith('not-nifti.nii')));

  const ls = (await cli('ls', 'volumes', '--where', 'format=nifti2')).json as { rows: Array<{ id: string; path: string }>; total: number };
  assert.equal(ls.total, 2, 'the plain NIfTI-2 and the gzipped 4D one with an extension');
  const volumeId = ls.rows.find((r) => !r.path.endsWith('avg152T1_crop_nifti2_4d_ext.nii.gz'))!.id;

  const npyOut = join(dir, 'slice.npy');
  const exported = await cli('export-image', volumeId, '--axis', 'z', '--slice', '30', '--out', npyOut);
  assert.equal(exported.code, 0, exported.stderr);
  const npy = decodeNpy(new Uint8Array(readFileSync(npyOut)));
  assert.equal(npy.dtype, 'float32');
  assert.deepEqual(npy.shape, [67, 79]);

  const pngOut = join(dir, 'ct.png');
  const ct = await cli('export-image', '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322', '--out', pngOut);
  assert.equal(ct.code, 0, ct.stderr);
  const png = await readPng(pngOut);
  assert.deepEqual([png.width, png.height, png.channels], [128, 128, 1]);

  const labelled = (await cli('label', volumeId, 'age=40', 'group=control')).json as { labels: Record<string, string> };
  assert.deepEqual(labelled.labels, { age: '40', group: 'control' });
  const notANumber = await cli('label', volumeId, 'age=abc');
  assert.notEqual(notANumber.code, 0, 'a word on a numeric label is refused');
  assert.match(notANumber.stderr, /"age" holds numbers.*"abc" is not a number/);
  const csv = join(dir, 'labels.csv');
  writeFileSync(csv, `path,site\n${join(fixturesDir, 'nifti', 'big.nii.gz')},Guys\nnowhere.nii,HH\n`);
  const fromCsv = (await cli('labels', 'import', csv)).json as { applied: number; unmatched: { count: number; lines: number[] } };
  assert.equal(fromCsv.applied, 1);
  assert.equal(fromCsv.unmatched.count, 1);
  assert.equal(fromCsv.unmatched.lines.length, 1);
  const bySite = (await cli('ls', 'volumes', '--where', 'site=Guys')).json as { total: number };
  assert.equal(bySite.total, 1);

  const bad = await cli('export-image', 'instance:999', '--out', join(dir, 'x.png'));
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /nothing in the catalog matches/);
});

test('import of a path that does not exist is a usage error: exit 2, naming the path', async () => {
  const missing = join(dir, 'no', 'such');
  const result = await cli('import', missing);
  assert.equal(result.code, 2);
  assert.ok(result.stderr.includes(missing), result.stderr);
  assert.equal((result.json as { error: { code: string } }).error.code, 'bad_input');
});
