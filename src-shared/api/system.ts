// System methods: what this installation is, where its data lives, which ML backends load, which host serves it.
import { z } from 'zod';
import { defineMethod } from './define.js';

export const mlBackendNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type MlBackendName = (typeof mlBackendNames)[number];

export const mlBackendStatusSchema = z.object({
  name: z.enum(mlBackendNames),
  /** The npm package that provides it. */
  package: z.string(),
  available: z.boolean(),
  /** Why it cannot load (missing package, failed native load...). */
  reason: z.string().optional(),
});

export const hostKinds = ['electron', 'headless', 'cli'] as const;

export const infoSchema = z.object({
  app: z.object({ name: z.string(), version: z.string() }),
  versions: z.record(z.string(), z.string()),
  platform: z.string(),
  dataDir: z.string(),
  host: z.object({
    kind: z.enum(hostKinds),
    /** Native open-file/folder dialogs and OS paths from dropped files (Electron only). */
    nativeDialogs: z.boolean(),
  }),
  ml: z.object({
    /** The backend analyses run on: the first available in order of preference. */
    preferred: z.enum(mlBackendNames).nullable(),
    backends: z.array(mlBackendStatusSchema),
  }),
});
export type Info = z.infer<typeof infoSchema>;

export const jobStates = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled'] as const;

export const systemMethods = {
  'system.info': defineMethod({
    summary: 'Versions, data directory, host kind and ML backends',
    input: z.object({}).strict(),
    output: infoSchema,
  }),
  'system.openDialog': defineMethod({
    summary: 'Ask the user for files or a folder with the native dialog (Electron only)',
    input: z.object({ kind: z.enum(['folder', 'file']), multiple: z.boolean().default(false) }).strict(),
    output: z.object({ paths: z.array(z.string()) }),
  }),
};
