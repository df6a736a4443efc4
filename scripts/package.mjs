// `npm run package`: build, then electron-builder for this platform (native modules rebuilt for Electron there).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const step = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
step(process.execPath, [join(root, 'scripts/build.mjs')]);
step(join(root, 'node_modules/.bin/electron-builder'), ['--config', 'electron-builder.yml', ...process.argv.slice(2)]);
