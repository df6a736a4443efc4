// Worker thread that runs the StyleGAN2 generator: onnxruntime for noise const/none (faster, multi-threaded),
// TensorFlow.js for random noise or when a tfjs backend is pinned. Each engine is imported on first use, so the
// worker starts without loading tfjs (≈2 s) when it does not need it.
import { mlBackendNames } from '../../src-shared/api/system.js';
import type { MlBackendName } from '../../src-shared/api/system.js';
import { setupTfjs } from './backends.js';
import { serveWorker } from '../workers/serve.js';
import { backendEnvVar } from './workerApi.js';
import type { BackendResult, GenerateRequest, GenerateResult, MapRequest, MapResult, StyleganWorkerApi } from './workerApi.js';

function pinnedBackend(): MlBackendName | undefined {
  const value = process.env[backendEnvVar];
  return mlBackendNames.find((n) => n === value);
}

async function generate(req: GenerateRequest): Promise<GenerateResult> {
  const pinned = pinnedBackend();
  if (!pinned) {
    const { generateOnnx, onnxCanGenerate } = await import('./onnx/onnxGenerate.js');
    if (onnxCanGenerate(req)) return generateOnnx(req);
  }
  const { generateTfjs } = await import('./tfjsGenerate.js');
  return generateTfjs(req, pinned);
}

async function map(req: MapRequest): Promise<MapResult> {
  const pinned = pinnedBackend();
  if (!pinned) return (await import('./onnx/onnxGenerate.js')).mapOnnx(req);
  return (await import('./tfjsGenerate.js')).mapTfjs(req, pinned);
}

async function backend(): Promise<BackendResult> {
  const setup = await setupTfjs({ only: pinnedBackend() });
  return { backend: setup.backend, simd: setup.simd, skipped: setup.skipped };
}

serveWorker<StyleganWorkerApi>({ generate, map, backend });
