// analysis.metrics runs in the analysis worker: the main event loop keeps turning while a large SSIM is computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext } from '../../../src-main/base/context.js';
import { createAppDispatcher } from '../../../src-main/api/app.js';
import { encodeNpy } from '../../../src-shared/io/npy.js';

/** Counts turns of the event loop until stopped: a thread busy with synchronous work makes none. */
function loopTurns(): { stop(): number } {
  let turns = 0;
  let running = true;
  const spin = (): void => {
    if (!running) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

test('a 2048² SSIM with its map leaves the main event loop free: the loop turns many times while the call is pending', async () => {
  const work = mkdtempSync(join(tmpdir(), 'latentrad-analysis-worker-'));
  const ctx = createAppContext({ dataDir: work, host: { kind: 'cli' } });
  const dispatch = createAppDispatcher(ctx);
  const size = 2048;
  const a = Float32Array.from({ length: size * size }, (_, i) => Math.sin(i / 97) + (i % size) / size);
  const b = a.map((v, i) => v + 0.05 * Math.cos(i / 13));
  writeFileSync(join(work, 'a.npy'), encodeNpy(a, [size, size]));
  writeFileSync(join(work, 'b.npy'), encodeNpy(b, [size, size]));
  try {
    const counter = loopTurns();
    const result = await dispatch('analysis.metrics', { metric: 'ssim', reference: join(work, 'a.npy'), test: join(work, 'b.npy'), variant: 'skimage', dataRange: 3, maps: ['map'] });
    const turns = counter.stop();
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    const value = (result.value as { value: number }).value;
    assert.ok(value > 0 && value < 1, `SSIM ${value} of two different images lies in (0, 1)`);
    // Computed on the main thread, the synchronous SSIM would allow at most a couple of turns (before and after).
    assert.ok(turns > 20, `the event loop turned ${turns} times during the call`);
  } finally {
    await ctx.close();
  }
});
