// Command-line options shared by the long training scripts (train-ixi.ts, train-chest.ts).

export interface TrainingArgs {
  dataDir: string;
  resume: boolean;
  kimg: number;
  /** true: training steps on onnxruntime (every core); false: tfjs wasm. */
  onnx: boolean;
  snapshotKimg: number | undefined;
}

/** Reads DATA_DIR [--resume] [--kimg N] [--backend onnx] [--snapshot-kimg N]; a bad value is an error naming the script. */
export function parseTrainingArgs(script: string, argv: readonly string[], defaultKimg: number): TrainingArgs {
  const dataDir = argv[0];
  if (!dataDir || dataDir.startsWith('--')) throw new Error(`usage: ${script} DATA_DIR [--resume] [--kimg N] [--backend onnx] [--snapshot-kimg N]`);
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`${script}: ${flag} needs a value`);
    return v;
  };
  const positive = (flag: string): number | undefined => {
    const v = value(flag);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n > 0)) throw new Error(`${script}: ${flag} ${v} is not a positive number`);
    return n;
  };
  const backend = value('--backend');
  if (backend !== undefined && backend !== 'onnx') throw new Error(`${script}: --backend ${backend} is not supported; use onnx or leave it out (tfjs wasm)`);
  return { dataDir, resume: argv.includes('--resume'), kimg: positive('--kimg') ?? defaultKimg, onnx: backend === 'onnx', snapshotKimg: positive('--snapshot-kimg') };
}
