// Handlers of the system methods.
import { ApiError } from '../../src-shared/api/errors.js';
import type { Handler } from '../base/handler.js';
import { preferredBackend, probeBackends } from '../ml/backends.js';
import { appName, appVersion } from '../base/paths.js';
import { grantUserPaths } from '../security/userPaths.js';

export const info: Handler<'system.info'> = (_params, ctx) => {
  const backends = probeBackends();
  const versions: Record<string, string> = { node: process.versions.node, v8: process.versions.v8 };
  if (process.versions.electron) versions.electron = process.versions.electron;
  if (process.versions.chrome) versions.chrome = process.versions.chrome;
  return {
    app: { name: appName, version: appVersion() },
    versions,
    platform: `${process.platform}-${process.arch}`,
    dataDir: ctx.dataDir,
    host: { kind: ctx.host.kind, nativeDialogs: Boolean(ctx.host.dialogs) },
    ml: { preferred: preferredBackend(backends), backends },
  };
};

export const openDialog: Handler<'system.openDialog'> = async (params, ctx) => {
  if (!ctx.host.dialogs) {
    throw new ApiError('unavailable', 'native dialogs exist only in the desktop app; type a path or drop files instead');
  }
  const paths = await ctx.host.dialogs.open(params.kind, params.multiple);
  grantUserPaths(ctx, paths);
  return { paths };
};

export const systemHandlers = { 'system.info': info, 'system.openDialog': openDialog };
