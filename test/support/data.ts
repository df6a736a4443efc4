// Where the full shared data set lives, and the skip message tests use when it is absent (fresh clones, CI elsewhere).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDataDir = process.env.LATENTRAD_SHARED_DATA ?? resolve(repoRoot, '..', 'shared', 'data');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

export const sharedDataPresent = existsSync(join(sharedDataDir, 'README.md'));

/** Pass as the `skip` option of `test()`: false when the data is here, otherwise the reason printed. */
export const needsSharedData: false | string = sharedDataPresent ? false : 'skipped: ../shared/data not present';

export function sharedData(...parts: string[]): string {
  return join(sharedDataDir, ...parts);
}
