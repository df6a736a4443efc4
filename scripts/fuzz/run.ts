// `npm run fuzz -- --n 10000 [--seed 1] [--timeout 20000] [--workers 2]`: mutation fuzzing of every file reader
// over real files. Each input runs in a child process with a per-input timeout; the report counts crashes (the
// child died), hangs (timeout), inputs that took a child over 1 GiB, and unclear messages (not naming the file
// and a reason in words). Exit code 1 when any of those is non-zero.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus, mutate, rng } from './mutate.js';
import type { FuzzKind, MutationName } from './mutate.js';
import type { Outcome } from './target.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const targetModule = fileURLToPath(new URL('./target.ts', import.meta.url));
export const memoryLimitBytes = 1024 * 1024 * 1024;

export interface FuzzFinding {
  index: number;
  seedFile: string;
  mutation: MutationName;
  problem: 'crash' | 'hang' | 'memory' | 'unclear';
  detail: string;
}

export interface FuzzReport {
  inputs: number;
  ok: number;
  errors: number;
  crashes: number;
  hangs: number;
  overMemory: number;
  unclear: number;
  peakRssBytes: number;
  seconds: number;
  byKind: Record<string, number>;
  findings: FuzzFinding[];
}

export interface FuzzOptions {
  n: number;
  seed?: number;
  timeoutMs?: number;
  workers?: number;
  /** Folders to take real files from (default: ../shared/data, test/fixtures, assets/models). */
  roots?: string[];
  perKind?: number;
  onProgress?: (done: number, report: FuzzReport) => void;
}

interface Worker {
  child: ChildProcess;
  /** Peak RSS this child has reached so far; a new peak over the limit is charged to the input that caused it. */
  peak: number;
}

function spawnWorker(): Worker {
  const child = fork(targetModule, [], { execArgv: ['--import', 'tsx'], cwd: root, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  child.stderr?.resume();
  return { child, peak: 0 };
}

function runOne(worker: Worker, kind: FuzzKind, path: string, timeoutMs: number): Promise<{ outcome: Outcome | null; rss: number; problem?: 'crash' | 'hang'; detail?: string }> {
  return new Promise((resolve) => {
    const done = (value: { outcome: Outcome | null; rss: number; problem?: 'crash' | 'hang'; detail?: string }): void => {
      clearTimeout(timer);
      worker.child.off('message', onMessage);
      worker.child.off('exit', onExit);
      resolve(value);
    };
    const onMessage = (message: { outcome: Outcome; maxRssBytes: number }): void => done({ outcome: message.outcome, rss: message.maxRssBytes });
    const onExit = (code: number | null, signal: string | null): void => done({ outcome: null, rss: 0, problem: 'crash', detail: `child exited (code ${code}, signal ${signal})` });
    const timer = setTimeout(() => {
      worker.child.kill('SIGKILL');
      done({ outcome: null, rss: 0, problem: 'hang', detail: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    worker.child.on('message', onMessage);
    worker.child.once('exit', onExit);
    worker.child.send({ kind, path });
  });
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const roots = options.roots ?? [join(root, '..', 'shared', 'data'), join(root, 'test', 'fixtures'), join(root, 'assets', 'models')];
  const corpus = loadCorpus(roots, options.perKind ?? 60);
  if (corpus.length === 0) throw new Error(`no fuzz seeds found under ${roots.join(', ')}`);
  const random = rng(options.seed ?? 1);
  const work = mkdtempSync(join(tmpdir(), 'latentrad-fuzz-'));
  const report: FuzzReport = { inputs: 0, ok: 0, errors: 0, crashes: 0, hangs: 0, overMemory: 0, unclear: 0, peakRssBytes: 0, seconds: 0, byKind: {}, findings: [] };
  const workers = Array.from({ length: options.workers ?? 2 }, spawnWorker);
  let next = 0;
  const record = (finding: FuzzFinding): void => {
    report.findings.push(finding);
    if (finding.problem === 'crash') report.crashes++;
    else if (finding.problem === 'hang') report.hangs++;
    else if (finding.problem === 'memory') report.overMemory++;
    else report.unclear++;
  };
  const lane = async (w: number): Promise<void> => {
    while (next < options.n) {
      const index = next++;
      const seed = corpus[Math.floor(random() * corpus.length)];
      const { bytes, mutation } = mutate(seed, random);
      const name = seed.kind === 'model' ? `input-${index}.json` : `input-${index}-${seed.path.split('/').pop()}`;
      const path = join(work, name);
      writeFileSync(path, bytes);
      const result = await runOne(workers[w], seed.kind, path, options.timeoutMs ?? 20_000);
      rmSync(path, { force: true, recursive: true });
      rmSync(`${path}.model`, { force: true, recursive: true });
      report.inputs++;
      report.byKind[seed.kind] = (report.byKind[seed.kind] ?? 0) + 1;
      const base = { index, seedFile: seed.path, mutation };
      if (result.problem) {
        record({ ...base, problem: result.problem, detail: result.detail ?? '' });
        workers[w] = spawnWorker();
        continue;
      }
      if (result.rss > workers[w].peak) {
        if (result.rss > memoryLimitBytes) record({ ...base, problem: 'memory', detail: `peak RSS ${(result.rss / 2 ** 20).toFixed(0)} MiB` });
        workers[w].peak = result.rss;
        report.peakRssBytes = Math.max(report.peakRssBytes, result.rss);
      }
      if (result.outcome?.kind === 'ok') report.ok++;
      else if (result.outcome?.kind === 'error') report.errors++;
      else if (result.outcome?.kind === 'unclear') record({ ...base, problem: 'unclear', detail: result.outcome.message });
      // A fresh child every 250 inputs: a peak is then charged to recent inputs, not to one from long ago.
      if (report.inputs % 250 === 0) {
        workers[w].child.kill();
        workers[w] = spawnWorker();
      }
      options.onProgress?.(report.inputs, report);
    }
  };
  try {
    await Promise.all(workers.map((_, w) => lane(w)));
  } finally {
    for (const w of workers) w.child.kill();
    rmSync(work, { recursive: true, force: true });
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

export function formatReport(r: FuzzReport): string {
  const lines = [
    `${r.inputs} inputs in ${r.seconds.toFixed(0)} s (${Object.entries(r.byKind).map(([k, v]) => `${k} ${v}`).join(', ')})`,
    `ok ${r.ok}, clear errors ${r.errors}`,
    `crashes ${r.crashes}, hangs ${r.hangs}, over 1 GiB ${r.overMemory}, unclear messages ${r.unclear}`,
    `peak RSS of a fuzz child: ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
  ];
  for (const f of r.findings.slice(0, 40)) lines.push(`  #${f.index} ${f.problem} (${f.mutation} of ${f.seedFile}): ${f.detail.slice(0, 300)}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const n = arg('n', 1000);
  const report = await runFuzz({
    n,
    seed: arg('seed', 1),
    timeoutMs: arg('timeout', 20_000),
    workers: arg('workers', 2),
    onProgress: (done, r) => {
      if (done % 500 === 0) process.stderr.write(`${done}/${n}: crashes ${r.crashes}, hangs ${r.hangs}, memory ${r.overMemory}, unclear ${r.unclear}\n`);
    },
  });
  process.stdout.write(`${formatReport(report)}\n`);
  const out = process.argv.indexOf('--json');
  if (out > 0) writeFileSync(process.argv[out + 1], JSON.stringify(report, null, 1));
  process.exitCode = report.crashes + report.hangs + report.overMemory + report.unclear > 0 ? 1 : 0;
}
