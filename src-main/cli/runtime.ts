// What a CLI command runs on: the same app context, dispatcher and in-process client the desktop app uses.
import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { ApiErrorData } from '../../src-shared/api/errors.js';
import { createAppContext } from '../base/context.js';
import type { AppContext, HostServices } from '../base/context.js';
import type { Dispatch } from '../api/dispatcher.js';
import { resolveDataDir } from '../base/paths.js';
import { createLocalClient } from '../api/localClient.js';
import { createAppDispatcher } from '../api/app.js';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
}

export interface CliRuntime {
  ctx: AppContext;
  dispatch: Dispatch;
  client: LatentRadClient;
  json: boolean;
  close(): Promise<void>;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function openRuntime(options: GlobalOptions, host: HostServices = { kind: 'cli' }): CliRuntime {
  const dataDir = resolveDataDir(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const ctx = createAppContext({ dataDir, host });
  const dispatch = createAppDispatcher(ctx);
  return { ctx, dispatch, client: createLocalClient(dispatch, ctx), json: Boolean(options.json), close: () => ctx.close() };
}

/** Runs one command body with a runtime, prints its result (JSON or human text), and always closes it. */
export async function runWith<T>(command: Command, body: (rt: CliRuntime) => Promise<T>, human: (value: T) => string): Promise<void> {
  const rt = openRuntime(globalOptions(command));
  try {
    const value = await body(rt);
    process.stdout.write(rt.json ? `${JSON.stringify(value, null, 2)}\n` : `${human(value)}\n`);
  } finally {
    await rt.close();
  }
}

/** Exit status of a command line that cannot run as written (a missing path, a bad argument), as in sysexits/bash. */
export const usageExitCode = 2;

/** Prints an error the way scripts (`--json`) and people expect, and sets a failing exit code (2 for usage errors). */
export function reportError(error: unknown, json: boolean): void {
  const usage = error instanceof InvalidArgumentError;
  const data: ApiErrorData = error instanceof ApiError ? error.toData() : { code: usage ? 'bad_input' : 'internal', message: error instanceof Error ? error.message : String(error) };
  if (json) process.stdout.write(`${JSON.stringify({ error: data }, null, 2)}\n`);
  process.stderr.write(`latentrad: ${usage ? 'usage' : data.code === 'internal' ? 'error' : data.code}: ${data.message}\n`);
  if (data.issues) for (const issue of data.issues) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
  process.exitCode = usage ? usageExitCode : 1;
}
