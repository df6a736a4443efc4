// The jobs table in its own SQLite file (<dataDir>/jobs.sqlite): states, parameters and last progress, so jobs
// outlive the process that ran them. A `requested` column carries pause/cancel requests to whichever process runs it.
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { jobProgressDetailSchema, jobSchema } from '../../src-shared/api/jobs.js';
import type { Job, JobProgressDetail } from '../../src-shared/api/jobs.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { jobStates } from '../../src-shared/api/system.js';
import { openDatabase } from '../db/database.js';
import type { Db, Migration } from '../db/database.js';

export type JobState = (typeof jobStates)[number];
export type JobRequest = 'pause' | 'cancel' | null;

const migrations: readonly Migration[] = [
  (db) => {
    db.exec(`CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued','running','paused','done','failed','cancelled')),
      title TEXT NOT NULL,
      params TEXT NOT NULL,
      progress TEXT NOT NULL DEFAULT '{}',
      fraction REAL,
      message TEXT NOT NULL DEFAULT '',
      eta_seconds REAL,
      error TEXT,
      requested TEXT,
      owner_pid INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX jobs_state ON jobs(state);`);
  },
  // What a finished job produced (an import's summary), as JSON.
  (db) => {
    db.exec('ALTER TABLE jobs ADD COLUMN result TEXT');
  },
];

interface JobRow {
  id: string;
  kind: string;
  state: JobState;
  title: string;
  params: string;
  progress: string;
  fraction: number | null;
  message: string;
  eta_seconds: number | null;
  error: string | null;
  requested: JobRequest;
  owner_pid: number | null;
  result: string | null;
  created_at: string;
  updated_at: string;
}

/** Which state changes are legal; everything else is refused with a message naming both states. */
export const transitions: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['running', 'paused', 'cancelled'],
  running: ['paused', 'done', 'failed', 'cancelled'],
  paused: ['queued', 'running', 'cancelled'],
  done: [],
  failed: ['queued'],
  cancelled: [],
};

export function jobsDatabasePath(dataDir: string): string {
  return join(dataDir, 'jobs.sqlite');
}

export class JobStore {
  readonly db: Db;

  constructor(path: string) {
    this.db = openDatabase(path, { name: 'jobs', migrations });
  }

  /**
   * After a restart no process runs the jobs marked running or queued: they become paused (resumable from
   * their last checkpoint), never silently lost. Returns how many were recovered.
   */
  recoverInterrupted(isAlive: (pid: number) => boolean = pidAlive): number {
    const rows = this.db.prepare<[], JobRow>(`SELECT * FROM jobs WHERE state IN ('running','queued')`).all();
    let n = 0;
    for (const row of rows) {
      if (row.owner_pid !== null && row.owner_pid !== process.pid && isAlive(row.owner_pid)) continue;
      this.db
        .prepare(`UPDATE jobs SET state='paused', requested=NULL, owner_pid=NULL, message=?, eta_seconds=NULL, updated_at=? WHERE id=?`)
        .run('interrupted (the app exited); resume to continue from the last checkpoint', now(), row.id);
      n++;
    }
    return n;
  }

  create(kind: string, title: string, params: Record<string, unknown>): Job {
    const id = `${kind}-${randomUUID().slice(0, 8)}`;
    const t = now();
    this.db
      .prepare(`INSERT INTO jobs (id, kind, state, title, params, created_at, updated_at, message) VALUES (?, ?, 'queued', ?, ?, ?, ?, 'queued')`)
      .run(id, kind, title, JSON.stringify(params), t, t);
    return this.get(id);
  }

  get(id: string): Job {
    const row = this.db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?').get(id);
    if (!row) throw new ApiError('not_found', `no job with id "${id}"`);
    return toJob(row);
  }

  requested(id: string): JobRequest {
    const row = this.db.prepare<[string], Pick<JobRow, 'requested'>>('SELECT requested FROM jobs WHERE id = ?').get(id);
    return row?.requested ?? null;
  }

  list(states?: readonly JobState[]): Job[] {
    const rows = this.db.prepare<[], JobRow>('SELECT * FROM jobs ORDER BY created_at DESC, id DESC').all();
    return rows.filter((r) => !states || states.includes(r.state)).map(toJob);
  }

  /** Moves a job to `to`, refusing illegal transitions. */
  setState(id: string, to: JobState, fields: { message?: string; error?: string | null; ownerPid?: number | null } = {}): Job {
    const job = this.get(id);
    if (job.state !== to && !transitions[job.state].includes(to)) {
      throw new ApiError('bad_input', `job ${id} is ${job.state} and cannot become ${to}`);
    }
    this.db
      .prepare(
        `UPDATE jobs SET state=?, requested=NULL, message=COALESCE(?, message), error=COALESCE(?, error), owner_pid=?, eta_seconds=CASE WHEN ? IN ('running') THEN eta_seconds ELSE NULL END, updated_at=? WHERE id=?`,
      )
      .run(to, fields.message ?? null, fields.error ?? null, fields.ownerPid === undefined ? (to === 'running' ? process.pid : null) : fields.ownerPid, to, now(), id);
    return this.get(id);
  }

  /** Stores what the job produced; kept when it later changes state. */
  setResult(id: string, result: Record<string, unknown>): void {
    this.db.prepare('UPDATE jobs SET result=?, updated_at=? WHERE id=?').run(JSON.stringify(result), now(), id);
  }

  request(id: string, what: Exclude<JobRequest, null>): void {
    this.db.prepare('UPDATE jobs SET requested=?, updated_at=? WHERE id=?').run(what, now(), id);
  }

  progress(id: string, detail: JobProgressDetail, fraction: number | null, message: string, etaSeconds: number | null): void {
    this.db
      .prepare('UPDATE jobs SET progress=?, fraction=?, message=?, eta_seconds=?, updated_at=? WHERE id=?')
      .run(JSON.stringify(detail), fraction, message, etaSeconds, now(), id);
  }

  close(): void {
    this.db.close();
  }
}

/** A row as the API's Job: the JSON columns are checked against the API's schemas, not cast. */
function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: row.title,
    params: jobSchema.shape.params.parse(JSON.parse(row.params)),
    progress: jobProgressDetailSchema.parse(JSON.parse(row.progress)),
    fraction: row.fraction === null ? null : Math.min(1, Math.max(0, row.fraction)),
    message: row.message,
    etaSeconds: row.eta_seconds === null ? null : Math.max(0, row.eta_seconds),
    error: row.error,
    result: jobSchema.shape.result.parse(row.result === null ? null : JSON.parse(row.result)),
    stopRequested: row.state === 'running' ? row.requested : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function now(): string {
  return new Date().toISOString();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
