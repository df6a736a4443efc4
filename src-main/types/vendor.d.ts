// Types for the untyped dependencies, limited to what LatentRad calls.

declare module 'dcmjs' {
  /** A DICOM element in dcmjs' "denaturalized" form (tag → VR + values). */
  export interface DicomElement {
    vr: string;
    Value?: unknown[];
  }
  export type DenaturalizedDataset = Record<string, DicomElement>;
  export type NaturalizedDataset = Record<string, unknown>;
  export class DicomDict {
    constructor(meta: DenaturalizedDataset);
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  export const DicomMetaDictionary: {
    denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
    naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
    uid(): string;
  };
  export const DicomMessage: {
    readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDict;
  };
  const dcmjs: { data: { DicomDict: typeof DicomDict; DicomMetaDictionary: typeof DicomMetaDictionary; DicomMessage: typeof DicomMessage } };
  export default dcmjs;
}

declare module 'gifenc' {
  export type Palette = number[][];
  export interface GifEncoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: { palette?: Palette; delay?: number; repeat?: number; transparent?: boolean }): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  /** The package is CommonJS: Node's ESM import sees one default export holding the functions. */
  const gifenc: { GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): GifEncoder };
  export default gifenc;
}
