// Makes the projection shipped with the demo study (assets/demo/cached-projection) from a demo run of LatentRad
// itself: the latent set of its fidelity job (the patient's middle slice, its noisy and its lesioned copy) and
// cache.json (model weights hash, the plan's exact settings, how and when it was made). Usage:
//   node --import tsx scripts/demo-cache.ts [--data-dir DIR] [--steps 200] [--from-result DEMO_RESULT_ID]
// Without --from-result it runs `demo.start { reproject: true }` first. Re-run it whenever the embedded IXI model
// changes: the demo uses the shipped projection only for the weights it was made with (test/main/demo).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { awaitJob } from '../src-shared/api/awaitJob.js';
import { openRuntime } from '../src-main/cli/runtime.js';
import { appRoot } from '../src-main/base/paths.js';
import { resultDir } from '../src-main/results/store.js';
import { cachedProjectionDir, cachedProjectionSchema } from '../src-main/demo/projectionCache.js';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, steps: { type: 'string', default: '200' }, 'from-result': { type: 'string' } } });
const rt = openRuntime({ ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}) });
try {
  let demo = values['from-result'] ?? '';
  if (!demo) {
    const job = await awaitJob(
      rt.client,
      async () => {
        const started = await rt.client.call('demo.start', { steps: Number(values.steps), reproject: true });
        demo = started.result;
        return started.job;
      },
      { onEvent: (e) => process.stderr.write(`\r${e.message.slice(0, 100).padEnd(100)}`) },
    );
    process.stderr.write('\n');
    if (job.state !== 'done') throw new Error(`demo job ${job.state}: ${job.error ?? job.message}`);
  }
  const demoJson = JSON.parse(readFileSync(join(resultDir(rt.ctx.dataDir, demo), 'demo.json'), 'utf8')) as {
    settings: { steps: number };
    steps: Array<{ name: string; seconds: number }>;
    numbers: { fidelity: { result: string; projection?: string } };
  };
  if (demoJson.numbers.fidelity.projection === 'cached') throw new Error(`demo ${demo} reused a shipped projection; make the cache from a run that projected (--reproject)`);
  const fidelity = resultDir(rt.ctx.dataDir, demoJson.numbers.fidelity.result);
  const plan = JSON.parse(readFileSync(join(fidelity, 'plan.json'), 'utf8')) as { settings: unknown; meta: { model: { id: string; generatorSha256: string }; software: string; created: string } };
  const out = join(appRoot(), 'assets', 'demo', cachedProjectionDir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const f of ['latents.npy', 'projections.npy', 'targets.npy', 'index.csv', 'meta.json', 'projected_w']) cpSync(join(fidelity, f), join(out, f), { recursive: true });
  // Item paths relative to the data directory (demo-study/ixi/…): the maker's folders are nobody else's business.
  for (const f of ['index.csv', 'meta.json']) writeFileSync(join(out, f), readFileSync(join(out, f), 'utf8').replaceAll(`${rt.ctx.dataDir}/`, ''));
  const info = cachedProjectionSchema.parse({
    model: { id: plan.meta.model.id, generatorSha256: plan.meta.model.generatorSha256 },
    settings: plan.settings,
    made: {
      created: plan.meta.created,
      command: `latentrad demo --reproject --steps ${demoJson.settings.steps}`,
      software: plan.meta.software,
      fidelityResult: demoJson.numbers.fidelity.result,
      seconds: demoJson.steps.find((s) => s.name === 'projection and fidelity report')?.seconds ?? 0,
    },
  });
  writeFileSync(join(out, 'cache.json'), `${JSON.stringify(info, null, 1)}\n`);
  console.log(`${out}: the projection of demo ${demo} (fidelity result ${info.made.fidelityResult}, ${info.settings.steps} steps, ${info.made.seconds.toFixed(0)} s)`);
} finally {
  await rt.close();
}
