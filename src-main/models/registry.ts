// The model registry: imported model directories under `<dataDir>/models/<id>/` plus the embedded ones shipped in
// `assets/models/`. The directory name is the model id; imported ids come from the generator weights' SHA-256,
// so importing the same network twice finds the first copy.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { qualityFileName } from '../../src-shared/api/modelQuality.js';
import { ApiError } from '../../src-shared/api/errors.js';
import type { ModelSummary } from '../../src-shared/api/models.js';
import { discriminatorParamSpecs, generatorParamSpecs, arrayProblems } from '../ml/stylegan2/specs.js';
import { appRoot } from '../base/paths.js';
import { manifestFile, readDiscriminatorWeights, readManifest, readModelDir } from '../ml/stylegan2/modelDir.js';
import type { ModelManifest } from '../ml/stylegan2/modelDir.js';
import type { AppContext } from '../base/context.js';
import { checkUserPath } from '../security/userPaths.js';
import { dataEncoders, modelEncoders } from '../ml/encoder/registry.js';

type DataEncoders = ReturnType<typeof dataEncoders>;

export function modelsDir(dataDir: string): string {
  return join(dataDir, 'models');
}

export function embeddedModelsDir(): string {
  return join(appRoot(), 'assets', 'models');
}

function summarise(id: string, dir: string, location: ModelSummary['location'], manifest: ModelManifest, encoders: DataEncoders): ModelSummary {
  const a = manifest.architecture;
  const p = manifest.provenance;
  return {
    id,
    name: manifest.name,
    location,
    dir,
    resolution: a.resolution,
    imgChannels: a.imgChannels,
    zDim: a.zDim,
    wDim: a.wDim,
    numWs: manifest.numWs,
    hasDiscriminator: manifest.weights.discriminator !== undefined,
    provenance: {
      source: p.source,
      description: p.description,
      createdAt: p.createdAt,
      tool: p.tool,
      ...(p.inputFile ? { inputFile: p.inputFile } : {}),
      ...(p.inputSha256 ? { inputSha256: p.inputSha256 } : {}),
      ...(p.dataset ? { dataset: p.dataset } : {}),
      ...(p.kimg !== undefined ? { kimg: p.kimg } : {}),
      ...(p.licence ? { licence: p.licence } : {}),
    },
    encoders: modelEncoders({ id, dir, location }, encoders).map((e) => e.summary),
  };
}

async function scan(root: string, location: ModelSummary['location'], encoders: DataEncoders): Promise<ModelSummary[]> {
  if (!existsSync(root)) return [];
  const out: ModelSummary[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(root, entry.name);
    if (!existsSync(join(dir, manifestFile))) continue;
    try {
      const { manifest } = await readManifest(dir);
      out.push(summarise(entry.name, dir, location, manifest, encoders));
    } catch {
      // A damaged directory must not hide the others; `models get` on it reports the reason.
    }
  }
  return out;
}

/** The embedded brain MR model trained on the 130 IXI subjects not held out (the better of the two IXI models: README,
 * Model quality): listed first, because panels preselect the first model of the list. */
export const defaultModelName = 'ixi-t1-64-train130';

export async function listModels(dataDir: string): Promise<ModelSummary[]> {
  const encoders = dataEncoders(dataDir);
  const [data, embedded] = await Promise.all([scan(modelsDir(dataDir), 'data', encoders), scan(embeddedModelsDir(), 'embedded', encoders)]);
  const rank = (m: ModelSummary): number => (m.location === 'embedded' && m.name === defaultModelName ? 0 : 1);
  return [...embedded, ...data].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Finds a model by id, then by unique name, then as a model directory path (used without importing). */
/**
 * A model by id, name or directory. `checkDir` vets a directory reference before it is read (API callers may only
 * name directories the user chose); ids and names point into the registry and need no check.
 */
export async function findModel(dataDir: string, ref: string, checkDir: (dir: string) => string = (dir) => dir): Promise<ModelSummary> {
  const all = await listModels(dataDir);
  const byId = all.find((m) => m.id === ref);
  if (byId) return byId;
  const byName = all.filter((m) => m.name === ref);
  if (byName.length === 1) return byName[0];
  if (byName.length > 1) throw new ApiError('bad_input', `several models are named "${ref}" (${byName.map((m) => m.id).join(', ')}); use an id`);
  const dir = checkDir(resolve(ref));
  if (existsSync(join(dir, manifestFile))) {
    const { manifest } = await readManifest(dir);
    return summarise(basename(dir), dir, 'data', manifest, dataEncoders(dataDir));
  }
  throw new ApiError('not_found', `no model "${ref}" (not an id, a name, or a directory with model.json); \`latentrad models\` lists them`);
}

/** findModel for a request: a model directory given as a path must be one the user chose (see security/userPaths). */
export function findUserModel(ctx: AppContext, ref: string): Promise<ModelSummary> {
  return findModel(ctx.dataDir, ref, (dir) => checkUserPath(ctx, dir, 'model directory'));
}

/** Loads and checks every tensor name and shape against the architecture, without TensorFlow. */
export async function checkModelDir(dir: string): Promise<{ manifest: ModelManifest; generatorSha256: string }> {
  const model = await readModelDir(dir);
  const weightsPath = join(dir, model.manifest.weights.generator);
  const problems = arrayProblems(generatorParamSpecs(model.config), model.generator);
  if (problems.length > 0) throw new ApiError('bad_input', `${weightsPath}: weights do not match the architecture in model.json: ${problems.slice(0, 6).join('; ')}`);
  const wAvg = model.generator.get('mapping.w_avg')!.data;
  if (model.manifest.wAvg.some((v, i) => Math.abs(v - wAvg[i]) > 1e-5 * Math.max(1, Math.abs(v)))) {
    throw new ApiError('bad_input', `${join(dir, manifestFile)}: wAvg differs from mapping.w_avg in ${model.manifest.weights.generator}`);
  }
  const d = await readDiscriminatorWeights(dir, model.manifest);
  if (d) {
    const dProblems = arrayProblems(discriminatorParamSpecs(model.config), d);
    if (dProblems.length > 0) throw new ApiError('bad_input', `${join(dir, model.manifest.weights.discriminator ?? '')}: discriminator weights do not match the architecture: ${dProblems.slice(0, 6).join('; ')}`);
  }
  const generatorSha256 = createHash('sha256').update(await readFile(weightsPath)).digest('hex');
  return { manifest: model.manifest, generatorSha256 };
}

/** Checks a model directory and copies it into the data directory (atomically: copy to a temp dir, rename). */
export async function importModel(dataDir: string, path: string, name?: string): Promise<{ model: ModelSummary; alreadyPresent: boolean }> {
  const source = resolve(path);
  const { manifest, generatorSha256 } = await checkModelDir(source);
  const id = `m${generatorSha256.slice(0, 12)}`;
  const root = modelsDir(dataDir);
  const target = join(root, id);
  if (existsSync(join(target, manifestFile))) {
    const { manifest: existing } = await readManifest(target);
    return { model: summarise(id, target, 'data', existing, dataEncoders(dataDir)), alreadyPresent: true };
  }
  await mkdir(root, { recursive: true });
  const staging = join(root, `.import-${id}-${process.pid}-${Date.now()}`);
  await mkdir(staging);
  try {
    const files = [manifest.weights.generator, ...(manifest.weights.discriminator ? [manifest.weights.discriminator] : [])];
    for (const file of files) await copyFile(join(source, file), join(staging, file));
    for (const extra of ['README.md', 'training_log.jsonl', 'samples.png', 'LICENSE', qualityFileName]) {
      if (existsSync(join(source, extra))) await copyFile(join(source, extra), join(staging, extra));
    }
    const stored: ModelManifest = { ...manifest, name: name ?? manifest.name };
    await writeFile(join(staging, manifestFile), `${JSON.stringify(stored, null, 2)}\n`);
    await rename(staging, target);
    return { model: summarise(id, target, 'data', stored, dataEncoders(dataDir)), alreadyPresent: false };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

export async function removeModel(dataDir: string, ref: string, checkDir?: (dir: string) => string): Promise<string> {
  const model = await findModel(dataDir, ref, checkDir);
  if (model.location === 'embedded') throw new ApiError('bad_input', `model ${model.id} is embedded in the app and cannot be removed`);
  if (resolve(model.dir) !== resolve(modelsDir(dataDir), model.id)) throw new ApiError('bad_input', `${model.dir} is not an imported model; only models in the data directory can be removed`);
  await rm(model.dir, { recursive: true, force: true });
  return model.id;
}
