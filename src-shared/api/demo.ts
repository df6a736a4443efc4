// The one-click demo: a job that runs every analysis on the real demo study shipped in assets/demo (import →
// projection with fidelity report → ageing direction → chest direction when a chest model exists → edit series →
// eigencomponents) and writes one self-contained HTML report into a result folder.
import { z } from 'zod';
import { defineMethod } from './define.js';
import { jobSchema } from './jobs.js';

export const demoInputSchema = z
  .object({
    /** Projection steps of the fidelity step (the full schedule is 1000; the demo's default keeps it to minutes). */
    steps: z.number().int().min(1).max(1000).default(200),
    /**
     * Project the demo patient again instead of reusing the projection shipped with the demo study (made by
     * LatentRad with the default steps; any other `steps` projects anyway).
     */
    reproject: z.boolean().default(false),
    /** Remake the ageing cohort's codes from the IXI volumes (`ixiDir`) instead of the cached ones shipped. */
    recompute: z.boolean().default(false),
    /** With `recompute`: the folder of the 150 IXI T1 volumes and their labels.csv. */
    ixiDir: z.string().min(1).optional(),
    /** Steps of the remade cohort codes (recompute only). */
    cohortSteps: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type DemoInput = z.input<typeof demoInputSchema>;

/** What a finished demo job reports (its job's `result`). */
export const demoOutcomeSchema = z.object({
  result: z.string(),
  report: z.string(),
  steps: z.array(z.object({ name: z.string(), seconds: z.number(), note: z.string() })),
});
export type DemoOutcome = z.infer<typeof demoOutcomeSchema>;

export const demoMethods = {
  'demo.start': defineMethod({
    summary: 'Run the demo (a job): every analysis on the demo study in assets/demo, one self-contained HTML report',
    input: demoInputSchema,
    output: z.object({ job: jobSchema, result: z.string() }),
  }),
  'demo.report': defineMethod({
    summary: "A finished demo's report.html (self-contained: inline images and charts, no scripts), to show in the app",
    input: z.object({ result: z.string().min(1) }).strict(),
    output: z.object({ result: z.string(), html: z.string() }),
  }),
};
