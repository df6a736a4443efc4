// Job methods: long-running work (imports, training, dataset builds) tracked in a table that survives restarts;
// progress arrives through the `jobProgress` event.
import { z } from 'zod';
import { defineEvent, defineMethod } from './define.js';
import { jobStates } from './system.js';

export const jobIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a job id is lower-case letters, digits and "-"');

/** Last reported numbers of a job; every field optional, each kind reports its own (training, import...). */
export const jobProgressDetailSchema = z.object({
  // Training.
  kimg: z.number().optional(),
  totalKimg: z.number().optional(),
  step: z.number().int().optional(),
  lossG: z.number().optional(),
  lossD: z.number().optional(),
  r1: z.number().optional(),
  adaP: z.number().optional(),
  imagesPerSecond: z.number().optional(),
  itPerSecond: z.number().optional(),
  // Import.
  /** Files found so far (while scanning) or in all (after). */
  scanned: z.number().int().optional(),
  /** Files to process once the walk has finished. */
  total: z.number().int().optional(),
  imported: z.number().int().optional(),
  skipped: z.number().int().optional(),
  ignored: z.number().int().optional(),
  errors: z.number().int().optional(),
  filesPerSecond: z.number().optional(),
});
export type JobProgressDetail = z.infer<typeof jobProgressDetailSchema>;

export const jobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(jobStates),
  title: z.string(),
  params: z.record(z.string(), z.unknown()),
  progress: jobProgressDetailSchema,
  fraction: z.number().min(0).max(1).nullable(),
  message: z.string(),
  etaSeconds: z.number().nonnegative().nullable(),
  error: z.string().nullable(),
  /** What a finished job produced, for callers that wait for it (an import's summary); null until then. */
  result: z.record(z.string(), z.unknown()).nullable(),
  /** A pause or cancel asked of the running job, honoured after its current step ("stopping after this step"). */
  stopRequested: z.enum(['pause', 'cancel']).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobsMethods = {
  'jobs.list': defineMethod({
    summary: 'Jobs, newest first, optionally only some states',
    input: z.object({ states: z.array(z.enum(jobStates)).optional() }).strict(),
    output: z.object({ jobs: z.array(jobSchema) }),
  }),
  'jobs.get': defineMethod({
    summary: 'One job by id',
    input: z.object({ id: jobIdSchema }).strict(),
    output: jobSchema,
  }),
  'jobs.pause': defineMethod({
    summary: 'Pause a queued or running job (a training job checkpoints first)',
    input: z.object({ id: jobIdSchema }).strict(),
    output: jobSchema,
  }),
  'jobs.resume': defineMethod({
    summary: 'Resume a paused job (training from its last checkpoint; a dataset build starts again)',
    input: z.object({ id: jobIdSchema }).strict(),
    output: jobSchema,
  }),
  'jobs.cancel': defineMethod({
    summary: 'Cancel a job; its checkpoints stay on disk',
    input: z.object({ id: jobIdSchema }).strict(),
    output: jobSchema,
  }),
};

export const jobsEvents = {
  jobProgress: defineEvent({
    summary: 'Progress of a long-running job (import, training, dataset build...)',
    payload: z.object({
      jobId: z.string(),
      kind: z.string(),
      state: z.enum(jobStates),
      /** 0..1, or null when the total is unknown. */
      fraction: z.number().min(0).max(1).nullable(),
      message: z.string(),
      etaSeconds: z.number().nonnegative().nullable(),
      progress: jobProgressDetailSchema,
    }),
  }),
};
