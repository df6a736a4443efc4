// Reference figures for the bench tables, and the one table printer they share: our time beside the reference
// measured in the same run (PyTorch via ../shared/tools/nvlabs-bench, scikit-image via /usr/bin/python3), the
// ratio ours ÷ reference, and when the reference cannot run here, its last measured value labelled as such.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lastMeasuredFile = join(here, 'reference-last.json');

/** The Python with torch, numpy, scipy and scikit-image (Debian's), not a pyenv shim. */
export const referencePython = process.env.LATENTRAD_REFERENCE_PYTHON ?? '/usr/bin/python3';
/** NVlabs' timing script beside the repository (shared data folder); never copied into the project. */
export const nvlabsBenchScript = process.env.LATENTRAD_NVLABS_BENCH ?? join(here, '..', '..', '..', 'shared', 'tools', 'nvlabs-bench', 'bench_nvlabs.py');

export interface ReferenceValue {
  /** Seconds per unit of work (lower is better), comparable with ours. */
  seconds: number;
  /** "measured now" or "last measured <date> (…why not now)". */
  source: string;
}

interface LastMeasured {
  [key: string]: { seconds: number; date: string };
}

function readLast(): LastMeasured {
  return existsSync(lastMeasuredFile) ? (JSON.parse(readFileSync(lastMeasuredFile, 'utf8')) as LastMeasured) : {};
}

/** Stores fresh reference values so a machine without the reference still prints figures (labelled). */
export function rememberReference(values: Record<string, number>): void {
  const last = readLast();
  const date = new Date().toISOString().slice(0, 10);
  for (const [key, seconds] of Object.entries(values)) last[key] = { seconds, date };
  writeFileSync(lastMeasuredFile, `${JSON.stringify(last, null, 2)}\n`);
}

/** The last stored reference value for `key`, labelled with its date and why it was not measured now. */
export function lastReference(key: string, why: string): ReferenceValue | null {
  const v = readLast()[key];
  return v ? { seconds: v.seconds, source: `last measured ${v.date} (${why})` } : null;
}

/** Runs a Python reference script with --json and returns its parsed output, or the reason it could not run. */
export function runPythonJson(args: string[], timeoutMs = 1_500_000): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  if (!existsSync(referencePython)) return { ok: false, reason: `${referencePython} not found` };
  const result = spawnSync(referencePython, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 << 20 });
  if (result.error || result.signal) return { ok: false, reason: `did not finish within ${timeoutMs / 1000} s (${result.error?.message ?? result.signal})` };
  if (result.status !== 0) {
    const line = (result.stderr ?? '').trim().split('\n').pop() ?? `exit ${result.status ?? result.signal}`;
    return { ok: false, reason: line };
  }
  const json = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ok: true, value: JSON.parse(json) as Record<string, unknown> };
  } catch {
    return { ok: false, reason: `unreadable output: ${json.slice(0, 120)}` };
  }
}

/**
 * What the benches time: wall seconds (what a user waits), or this process's CPU seconds (user + system, all
 * threads). On a shared, loaded machine wall time mostly measures the scheduler; CPU seconds compare the work.
 */
export type Clock = 'wall' | 'cpu';

/** The current reading of `clock`, in seconds. */
export function clockSeconds(clock: Clock): number {
  if (clock === 'wall') return performance.now() / 1000;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Runs a Python script with time.perf_counter replaced by time.process_time (process CPU seconds, all threads),
 * so a reference that times itself with perf_counter reports CPU seconds; its own folder leads sys.path.
 */
const cpuClockWrapper = 'import os, runpy, sys, time; time.perf_counter = time.process_time; sys.argv = sys.argv[1:]; sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0]))); runpy.run_path(sys.argv[0], run_name="__main__")';

export interface NvlabsBenchOptions {
  res: number;
  threads: number;
  zDim: number;
  wDim: number;
  mappingLayers: number;
  channelBase: number;
  channelMax: number;
  batch: number;
  /** 'cpu': the script's timings in process CPU seconds (see cpuClockWrapper); default wall. */
  clock?: Clock;
}

/** NVlabs stylegan2-ada-pytorch on this CPU: generate_images_per_s, train_step_s, train_step_r1_s, projection_step_s. */
export function runNvlabsBench(o: NvlabsBenchOptions): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  if (!existsSync(nvlabsBenchScript)) return { ok: false, reason: `${nvlabsBenchScript} not found` };
  return runPythonJson([
    ...(o.clock === 'cpu' ? ['-c', cpuClockWrapper] : []),
    nvlabsBenchScript,
    '--json',
    ...['--res', o.res, '--threads', o.threads, '--z-dim', o.zDim, '--w-dim', o.wDim, '--mapping-layers', o.mappingLayers].map(String),
    ...['--cbase', o.channelBase, '--cmax', o.channelMax, '--batch', o.batch].map(String),
  ]);
}

export interface ComparisonRow {
  task: string;
  /** Our seconds per unit of work (null: not measured). */
  ours: number | null;
  reference: ReferenceValue | null;
  /** Why there is no reference figure (shown in the source column). */
  missing?: string;
  /** How to print a time: 'ms' or 's', or a rate unit such as 'img/s' (printed as units per second). */
  unit: 'ms' | 's' | { rate: string; perUnit: number };
}

function show(seconds: number | null, unit: ComparisonRow['unit']): string {
  if (seconds === null) return '—';
  if (unit === 'ms') return `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
  if (unit === 's') return `${seconds.toFixed(seconds < 1 ? 3 : 2)} s`;
  const rate = unit.perUnit / seconds;
  return `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)} ${unit.rate}`;
}

/** A Markdown table: task | LatentRad | reference | ratio (our time ÷ reference time; < 1 is faster) | reference source. */
export function comparisonTable(rows: ComparisonRow[]): string {
  const header = ['task', 'LatentRad', 'reference', 'ratio (time)', 'reference source'];
  const cells = rows.map((r) => [
    r.task,
    show(r.ours, r.unit),
    r.reference ? show(r.reference.seconds, r.unit) : '—',
    r.ours !== null && r.reference ? (r.ours / r.reference.seconds).toFixed(2) : '—',
    r.reference?.source ?? `not available${r.missing ? `: ${r.missing}` : ''}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row: string[]): string => `| ${row.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
