// Runs jobs: one runner per job kind, state transitions in the store, progress as `jobProgress` events.
// Pause and cancel are requests the running job honours at its next safe point (a training job checkpoints first).
import type { Job, JobProgressDetail } from '../../src-shared/api/jobs.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { AppContext } from '../base/context.js';
import { JobStore, jobsDatabasePath } from './store.js';
import type { JobRequest } from './store.js';

/** What a runner reports; the manager persists it and emits the event. */
export interface JobReporter {
  progress(detail: JobProgressDetail, fraction: number | null, message: string, etaSeconds: number | null): void;
  /** The pending pause/cancel request, polled by the runner at safe points. */
  requested(): JobRequest;
  /**
   * `wake` is called at once when pause or cancel is asked in this process, for a runner that relays the request to a
   * worker; a request from another process (the CLI) is only seen by polling `requested`.
   */
  onRequest(wake: () => void): void;
}

/** How a run ended; `result` is what it produced so far (an import's summary), stored on the job for callers. */
export interface JobOutcome {
  state: 'done' | 'paused' | 'cancelled';
  message: string;
  result?: Record<string, unknown>;
}

/** Runs (or resumes) one job to an outcome; throwing marks it failed with the error's message. */
export type JobRunner = (job: Job, reporter: JobReporter, options: { resume: boolean }) => Promise<JobOutcome>;

export class JobManager {
  readonly store: JobStore;
  private readonly runners = new Map<string, JobRunner>();
  private readonly active = new Map<string, Promise<void>>();
  private readonly wakers = new Map<string, () => void>();

  constructor(private readonly ctx: Pick<AppContext, 'emit'>, path: string) {
    this.store = new JobStore(path);
    this.store.recoverInterrupted();
  }

  register(kind: string, runner: JobRunner): void {
    this.runners.set(kind, runner);
  }

  /** Creates a job and starts it in this process (`resume`: continue existing on-disk state, e.g. a checkpoint). */
  submit(kind: string, title: string, params: Record<string, unknown>, options: { resume?: boolean } = {}): Job {
    if (!this.runners.has(kind)) throw new ApiError('unavailable', `no runner for jobs of kind "${kind}"`);
    const job = this.store.create(kind, title, params);
    this.emit(job);
    this.launch(job.id, options.resume ?? false);
    return this.store.get(job.id);
  }

  /** Resolves when the job's current run in this process ends (immediately if none). */
  async settled(id: string): Promise<Job> {
    await this.active.get(id);
    return this.store.get(id);
  }

  pause(id: string): Job {
    const job = this.store.get(id);
    if (job.state === 'queued' && !this.active.has(id)) return this.emitted(this.store.setState(id, 'paused', { message: 'paused' }));
    if (job.state !== 'running' && job.state !== 'queued') throw new ApiError('bad_input', `job ${id} is ${job.state}; only queued or running jobs can be paused`);
    this.store.request(id, 'pause');
    this.wakers.get(id)?.();
    return this.emitted(this.store.get(id));
  }

  cancel(id: string): Job {
    const job = this.store.get(id);
    if (job.state === 'running') {
      this.store.request(id, 'cancel');
      this.wakers.get(id)?.();
      return this.emitted(this.store.get(id));
    }
    return this.emitted(this.store.setState(id, 'cancelled', { message: 'cancelled' }));
  }

  resume(id: string): Job {
    const job = this.store.get(id);
    if (job.state !== 'paused' && job.state !== 'failed') throw new ApiError('bad_input', `job ${id} is ${job.state}; only paused or failed jobs can be resumed`);
    if (!this.runners.has(job.kind)) throw new ApiError('unavailable', `no runner for jobs of kind "${job.kind}"`);
    this.store.setState(id, 'queued', { message: 'queued' });
    this.launch(id, true);
    return this.store.get(id);
  }

  /** Asks every job running here to pause and waits for them (app shutdown). */
  async shutdown(): Promise<void> {
    for (const id of this.active.keys()) this.store.request(id, 'pause');
    await Promise.allSettled([...this.active.values()]);
    this.store.close();
  }

  private launch(id: string, resume: boolean): void {
    const run = (async () => {
      const runner = this.runners.get(this.store.get(id).kind)!;
      const job = this.emitted(this.store.setState(id, 'running', { message: resume ? 'resuming' : 'starting' }));
      const reporter: JobReporter = {
        progress: (detail, fraction, message, eta) => {
          this.store.progress(id, detail, fraction, message, eta);
          this.emit(this.store.get(id));
        },
        requested: () => this.store.requested(id),
        onRequest: (wake) => {
          this.wakers.set(id, wake);
        },
      };
      try {
        const outcome = await runner(job, reporter, { resume });
        if (outcome.result) this.store.setResult(id, outcome.result);
        this.emitted(this.store.setState(id, outcome.state, { message: outcome.message }));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.emitted(this.store.setState(id, 'failed', { message: `failed: ${message}`, error: message }));
      }
    })().finally(() => {
      this.active.delete(id);
      this.wakers.delete(id);
    });
    this.active.set(id, run);
  }

  private emitted(job: Job): Job {
    this.emit(job);
    return job;
  }

  private emit(job: Job): void {
    this.ctx.emit('jobProgress', { jobId: job.id, kind: job.kind, state: job.state, fraction: job.fraction, message: job.message, etaSeconds: job.etaSeconds, progress: job.progress });
  }
}

/** Registers every job kind's runner on a new manager. */
export type JobRunnerSetup = (manager: JobManager, ctx: AppContext) => void;

/**
 * Installs the job kinds for `ctx`: the surface that composes the app (src-main/api/app.ts) calls this, so that this
 * capability never imports the capabilities whose jobs it runs.
 */
export function provideJobRunners(ctx: AppContext, setup: JobRunnerSetup): void {
  ctx.service('jobs.runners', () => setup);
}

/** The context's job manager (opened on first use, with the runners provided by `provideJobRunners`). */
export function jobsOf(ctx: AppContext): JobManager {
  return ctx.service(
    'jobs',
    () => {
      const manager = new JobManager(ctx, jobsDatabasePath(ctx.dataDir));
      ctx.service<JobRunnerSetup>('jobs.runners', () => () => undefined)(manager, ctx);
      return manager;
    },
    (manager) => manager.shutdown(),
  );
}
