// Whether an encoder checkpoint exists in a run folder: a file check kept apart from checkpoint.ts so the API and
// CLI can ask it without loading TensorFlow.js (the startup test forbids a static tfjs import from the CLI).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** True when `dir` (or the `.old` copy a save leaves while it replaces `dir`) holds a checkpoint's state. */
export function hasEncoderCheckpoint(dir: string): boolean {
  return existsSync(join(dir, 'state.json')) || existsSync(join(`${dir}.old`, 'state.json'));
}
