// Which TensorFlow.js backends can load here, in order of preference; the native ones are optional installs.
import { createRequire } from 'node:module';
import type { MlBackendName } from '../../src-shared/api/system.js';

export interface MlBackendStatus {
  name: MlBackendName;
  package: string;
  available: boolean;
  reason?: string;
}

/** Preference order: CUDA, native CPU, wasm (always shipped), then the pure-JS cpu backend (tests only). */
export const backendPackages: ReadonlyArray<{ name: MlBackendName; package: string }> = [
  { name: 'tensorflow-gpu', package: '@tensorflow/tfjs-node-gpu' },
  { name: 'tensorflow', package: '@tensorflow/tfjs-node' },
  { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm' },
  { name: 'cpu', package: '@tensorflow/tfjs' },
];

const require = createRequire(import.meta.url);

/**
 * Checks that each backend's package is installed. Native packages are resolved but not loaded here:
 * loading libtensorflow costs seconds and must happen once, inside the ML worker.
 */
export function probeBackends(resolvePackage: (name: string) => string = (name) => require.resolve(name)): MlBackendStatus[] {
  return backendPackages.map(({ name, package: pkg }) => {
    try {
      resolvePackage(pkg);
      return { name, package: pkg, available: true };
    } catch {
      return { name, package: pkg, available: false, reason: `${pkg} is not installed` };
    }
  });
}

export function preferredBackend(statuses: MlBackendStatus[]): MlBackendName | null {
  return statuses.find((s) => s.available)?.name ?? null;
}
