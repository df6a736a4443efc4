// The snapshots of a training run that a quality log has not measured yet, oldest first (the per-snapshot curve).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Snapshot {
  kimg: number;
  dir: string;
}

/** Snapshot directories (kimg-00012.000/ with a model.json) of a run's snapshots/ folder, by kimg. */
export function listSnapshots(snapshotsDir: string): Snapshot[] {
  if (!existsSync(snapshotsDir)) throw new Error(`${snapshotsDir}: no such snapshots directory`);
  return readdirSync(snapshotsDir)
    .map((name) => ({ name, match: /^kimg-(\d+\.\d+)$/.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null && existsSync(join(snapshotsDir, e.name, 'model.json')))
    .map((e) => ({ kimg: Number(e.match[1]), dir: join(snapshotsDir, e.name) }))
    .sort((a, b) => a.kimg - b.kimg);
}

/** kimg of every row of a quality log (one JSON object per line); a missing log has none. */
export function measuredKimg(logPath: string): Set<number> {
  if (!existsSync(logPath)) return new Set();
  const kimgs = new Set<number>();
  readFileSync(logPath, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new Error(`${logPath}: line ${i + 1} is not JSON`);
      }
      const kimg = (row as { kimg?: unknown }).kimg;
      if (typeof kimg === 'number') kimgs.add(kimg);
    });
  return kimgs;
}

/**
 * The snapshots still to measure: not in the log, at least `everyKimg` after the previous measured or chosen one
 * (so a long run's curve stays affordable), the newest always included.
 */
export function snapshotsToMeasure(snapshots: Snapshot[], measured: Set<number>, everyKimg: number): Snapshot[] {
  const chosen: Snapshot[] = [];
  let last = -Infinity;
  snapshots.forEach((s, i) => {
    const newest = i === snapshots.length - 1;
    if (measured.has(s.kimg)) {
      last = s.kimg;
      return;
    }
    if (newest || s.kimg - last >= everyKimg) {
      chosen.push(s);
      last = s.kimg;
    }
  });
  return chosen;
}
