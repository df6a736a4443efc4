// Results of analyses and generation: folders under `<data dir>/results/<id>/`, addressed by id. Contract methods
// never take output paths; a user copies a result out with the CLI (`--out`), a save dialog or a download.
import { z } from 'zod';
import { defineMethod } from './define.js';

/** What a method that writes files returns: the result's id and the names of its files (relative, `/`-separated). */
export const resultRefSchema = z.object({
  id: z.string(),
  files: z.array(z.string()),
});
export type ResultRef = z.infer<typeof resultRefSchema>;

export const resultInfoSchema = z.object({
  id: z.string(),
  /** The capability that made it: `metrics`, `eigen`, `direction`, `generate`, `nvlabs-dataset`, … */
  kind: z.string(),
  created: z.string(),
  /** True when any file derives from a generator output (ARTEFACTS.md: the flag is inherited). */
  synthetic: z.boolean(),
  meta: z.record(z.string(), z.unknown()),
});

export const resultsMethods = {
  'results.get': defineMethod({
    summary: 'One result by id: what made it and its files (name and size)',
    input: z.object({ id: z.string().min(1) }).strict(),
    output: z.object({ info: resultInfoSchema, files: z.array(z.object({ name: z.string(), bytes: z.number().int() })) }),
  }),
  'results.list': defineMethod({
    summary: 'Results in the data directory, newest first (optionally of one kind)',
    input: z.object({ kind: z.string().min(1).optional() }).strict(),
    output: z.object({ results: z.array(resultInfoSchema) }),
  }),
};
