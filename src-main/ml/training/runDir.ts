// Where a training run lives in the data directory, without TensorFlow.js: the handlers that only look for a run
// import this, so the CLI and the app start without loading tfjs (≈2 s) for commands that never train.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function runDirOf(dataDir: string, out: string): string {
  return join(dataDir, 'training', out);
}

export function runExists(dataDir: string, out: string): boolean {
  return existsSync(join(runDirOf(dataDir, out), 'checkpoint', 'state.json'));
}
