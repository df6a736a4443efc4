// Killing the process in the middle of an import (SIGKILL, no cleanup) leaves a catalog that opens, passes
// PRAGMA integrity_check, and completes on re-import without duplicates.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { runImport } from '../../../src-main/catalog/importer.js';
import { openCatalog } from '../../../src-main/catalog/service.js';
import { uidTemplate, withNewUids } from '../../../src-main/io/dicomRewrite.js';
import { fixturesDir, repoRoot } from '../../support/data.js';

const files = 1200;

test('a catalog survives SIGKILL during an import and re-import finishes it without duplicates', async () => {
  const root = mkdtempSync(join(tmpdir(), 'latentrad-kill-'));
  try {
    const folder = join(root, 'in');
    const template = uidTemplate(readFileSync(join(fixturesDir, 'dicom', 'pydicom', 'MR_small.dcm')));
    for (let s = 0; s < 12; s++) {
      mkdirSync(join(folder, `series${s}`), { recursive: true });
      for (let i = 0; i < files / 12; i++) writeFileSync(join(folder, `series${s}`, `im${i}.dcm`), withNewUids(template, String(s), `${s}x${i}`));
    }
    const dataDir = join(root, 'data');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'main', 'catalog', 'importChild.ts'), dataDir, folder], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    let killedAt = -1;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    for await (const line of createInterface({ input: child.stdout })) {
      const p = JSON.parse(line) as { imported?: number; state?: string };
      if (p.state === 'importing' && (p.imported ?? 0) >= 100) {
        killedAt = p.imported ?? 0;
        child.kill('SIGKILL');
        break;
      }
    }
    const signal = await exited;
    assert.equal(signal, 'SIGKILL', 'the child must have been killed mid-import, not have finished');
    assert.ok(killedAt > 0 && killedAt < files);

    const catalog = openCatalog(dataDir);
    try {
      assert.equal(catalog.db.pragma('integrity_check', { simple: true }), 'ok');
      const partial = (catalog.db.prepare('SELECT count(*) AS n FROM instances').get() as { n: number }).n;
      assert.ok(partial >= killedAt && partial < files, `${partial} instances after the kill`);
      const interrupted = catalog.db.prepare("SELECT state FROM import_runs").all() as Array<{ state: string }>;
      assert.deepEqual(interrupted.map((r) => r.state), ['interrupted']);
      const again = await runImport(catalog.store, { paths: [folder], copy: false, runId: 'again', dataDir, signal: new AbortController().signal, onProgress: () => undefined });
      assert.equal(again.errors.length, 0);
      assert.equal(again.imported, files - partial);
      const total = catalog.db.prepare('SELECT count(*) AS n, count(DISTINCT sop_uid) AS u, count(DISTINCT path) AS p FROM instances').get();
      assert.deepEqual(total, { n: files, u: files, p: files });
      const series = (catalog.db.prepare('SELECT count(*) AS n FROM series').get() as { n: number }).n;
      assert.equal(series, 12);
    } finally {
      catalog.db.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
