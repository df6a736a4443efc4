// `latentrad info` and `latentrad serve`.
import type { Command } from 'commander';
import type { Info } from '../../../src-shared/api/system.js';
import { startHost } from '../../host/server.js';
import { rendererDir } from '../../base/paths.js';
import { globalOptions, openRuntime, runWith } from '../runtime.js';
import { parseNumberIn } from '../numberOption.js';

export function registerSystemCommands(program: Command): void {
  program
    .command('info')
    .description('versions, data directory and which ML backends can load')
    .action(async (_opts: unknown, command: Command) => {
      await runWith(command, (rt) => rt.client.call('system.info', {}), formatInfo);
    });

  program
    .command('serve')
    .description('serve the app and its API to a browser on this machine (the headless host)')
    .option('--port <n>', 'TCP port; 0 picks a free one', parsePort, 0)
    .option('--host <address>', 'interface to bind; anything but loopback exposes your data to the network', '127.0.0.1')
    .action(async (opts: { port: number; host: string }, command: Command) => {
      const rt = openRuntime(globalOptions(command), { kind: 'headless' });
      const host = await startHost({ dispatch: rt.dispatch, ctx: rt.ctx, staticDir: rendererDir(), port: opts.port, host: opts.host });
      if (!host.loopbackOnly) {
        process.stderr.write(`WARNING: listening on ${opts.host}, not loopback: anyone who can reach this machine and learns the token can read your catalog.\n`);
      }
      if (rt.json) process.stdout.write(`${JSON.stringify({ url: host.url, origin: host.origin, port: host.port, token: host.token, dataDir: rt.ctx.dataDir })}\n`);
      else process.stdout.write(`LatentRad is serving ${rt.ctx.dataDir}\nOpen ${host.url}\n(Ctrl+C stops it)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await rt.close();
    });
}

function parsePort(value: string): number {
  return parseNumberIn('--port', { integer: true, min: 0, max: 65535 }, value);
}

export function formatInfo(info: Info): string {
  const lines = [
    `${info.app.name} ${info.app.version} (${info.platform})`,
    `data directory: ${info.dataDir}`,
    `versions: ${Object.entries(info.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `ML backend: ${info.ml.preferred ?? 'none available'}`,
    ...info.ml.backends.map((b) => `  ${b.available ? '✓' : '✗'} ${b.name.padEnd(15)} ${b.package}${b.reason ? ` — ${b.reason}` : ''}`),
  ];
  return lines.join('\n');
}
