// Which TensorFlow.js backends can load here, in order of preference; the native ones are optional installs.
import { createRequire } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MlBackendName } from '../../src-shared/api/system.js';
import { unpackedPath } from '../base/paths.js';

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
 * Whether a tfjs-node package has its native binding (lib/napi-v<N>/tfjs_binding.node). The binding and
 * libtensorflow are downloaded by the package's install script, which is denied here (allowScripts) and fails
 * offline, so an installed package may have no binding: it must not count as available.
 */
function nativeBindingPresent(pkg: string): boolean {
  const lib = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib');
  if (!existsSync(lib)) return false;
  return readdirSync(lib).some((d) => d.startsWith('napi-v') && existsSync(join(lib, d, 'tfjs_binding.node')));
}

/**
 * Checks that each backend's package is installed (and, for the native ones, its binding). Native packages are
 * resolved but not loaded here: loading libtensorflow costs seconds and must happen once, inside the ML worker.
 */
export function probeBackends(
  resolvePackage: (name: string) => string = (name) => require.resolve(name),
  hasNativeBinding: (pkg: string) => boolean = nativeBindingPresent,
): MlBackendStatus[] {
  return backendPackages.map(({ name, package: pkg }) => {
    try {
      resolvePackage(pkg);
    } catch {
      return { name, package: pkg, available: false, reason: `${pkg} is not installed` };
    }
    if ((name === 'tensorflow-gpu' || name === 'tensorflow') && !hasNativeBinding(pkg)) {
      return { name, package: pkg, available: false, reason: `${pkg} is installed without its native library (its install script, which downloads libtensorflow, did not run: allow it in package.json allowScripts and reinstall online)` };
    }
    return { name, package: pkg, available: true };
  });
}

export function preferredBackend(statuses: MlBackendStatus[]): MlBackendName | null {
  return statuses.find((s) => s.available)?.name ?? null;
}

export interface TfjsSetup {
  backend: MlBackendName;
  /** wasm only: whether the SIMD build loaded (it does on every Node ≥ 16). */
  simd: boolean;
  /** Backends tried before the one in use, and why each was skipped. */
  skipped: Array<{ name: MlBackendName; reason: string }>;
}

let setupPromise: Promise<TfjsSetup> | null = null;

/**
 * Loads TensorFlow.js once per process (call it inside the ML worker): the first backend that loads, in
 * preference order, or exactly `only`. The native packages are imported by a computed specifier so that neither
 * the type check nor the bundler requires them, and at most one of them is ever loaded (both register the same
 * native ops). The wasm backend gets its Node file path and the composed conv-gradient kernels; every backend gets
 * the zero gradients double backprop needs.
 */
export function setupTfjs(options: { only?: MlBackendName } = {}): Promise<TfjsSetup> {
  setupPromise ??= loadFirstBackend(options.only);
  return setupPromise;
}

async function loadFirstBackend(only?: MlBackendName): Promise<TfjsSetup> {
  const tf = await import('@tensorflow/tfjs');
  const { registerZeroGradients } = await import('./kernels/zeroGradients.js');
  registerZeroGradients();
  const skipped: TfjsSetup['skipped'] = [];
  const candidates = only ? backendPackages.filter((b) => b.name === only) : backendPackages;
  let nativeImported = false;
  for (const { name, package: pkg } of candidates) {
    const native = name === 'tensorflow-gpu' || name === 'tensorflow';
    if (native && nativeImported) {
      skipped.push({ name, reason: 'another native TensorFlow package is already loaded' });
      continue;
    }
    try {
      if (native) {
        if (!nativeBindingPresent(pkg)) throw new Error(`${pkg} has no native library`);
        const specifier: string = pkg;
        await import(specifier);
        nativeImported = true;
      } else if (name === 'wasm') {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        // In the packaged app the .wasm files sit in app.asar.unpacked, which a worker thread must read directly.
        wasm.setWasmPaths(`${unpackedPath(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')))}/dist/`);
        const { registerConvBackpropKernels } = await import('./kernels/convBackprop.js');
        registerConvBackpropKernels('wasm');
      }
      // Both native packages register their backend under the name 'tensorflow'.
      const registered = native ? 'tensorflow' : name;
      if (!(await tf.setBackend(registered))) throw new Error(`tf.setBackend('${registered}') returned false`);
      await tf.ready();
      const simd = name === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      return { backend: name, simd, skipped };
    } catch (error) {
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
      // A native package that imported but failed to start must not leave a half-registered backend as default.
    }
  }
  setupPromise = null;
  throw new Error(`no TensorFlow.js backend could load: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
