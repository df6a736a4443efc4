// Cornerstone image ids of the `latentrad:` scheme: every pixel the viewer shows comes from the main process's
// pixel service, addressed by these ids (one loader for DICOM frames, volume slices and 2D images).

export const imageIdScheme = 'latentrad';

export type PixelRef =
  | { kind: 'frame'; instanceId: string; frame: number }
  | { kind: 'slice'; volumeId: string; axis: 'x' | 'y' | 'z'; index: number }
  | { kind: 'image'; imageId: string }
  /** Image `index`, channel `channel` of a .npy array in a result folder (file names are URI-encoded: they may hold `/`). */
  | { kind: 'result'; resultId: string; file: string; index: number; channel: number };

export function toImageId(ref: PixelRef): string {
  switch (ref.kind) {
    case 'frame':
      return `${imageIdScheme}:frame/${ref.instanceId}/${ref.frame}`;
    case 'slice':
      return `${imageIdScheme}:slice/${ref.volumeId}/${ref.axis}/${ref.index}`;
    case 'image':
      return `${imageIdScheme}:image/${ref.imageId}`;
    case 'result':
      return `${imageIdScheme}:result/${ref.resultId}/${encodeURIComponent(ref.file)}/${ref.index}/${ref.channel}`;
  }
}

const framePattern = /^latentrad:frame\/(instance:\d+)\/(\d+)$/;
const slicePattern = /^latentrad:slice\/((?:volume|series):\d+)\/([xyz])\/(\d+)$/;
const imagePattern = /^latentrad:image\/(image:\d+)$/;
const resultPattern = /^latentrad:result\/([a-z][a-z0-9-]{0,31}-\d{8}T\d{6}-[0-9a-f]{8})\/([^/]+)\/(\d+)\/(\d+)$/;

/** Parses an id made by `toImageId`; null for anything else (a foreign or malformed id). */
export function parseImageId(id: string): PixelRef | null {
  let m = framePattern.exec(id);
  if (m) return { kind: 'frame', instanceId: m[1], frame: Number(m[2]) };
  m = slicePattern.exec(id);
  if (m) return { kind: 'slice', volumeId: m[1], axis: m[2] as 'x' | 'y' | 'z', index: Number(m[3]) };
  m = imagePattern.exec(id);
  if (m) return { kind: 'image', imageId: m[1] };
  m = resultPattern.exec(id);
  if (m) {
    try {
      return { kind: 'result', resultId: m[1], file: decodeURIComponent(m[2]), index: Number(m[3]), channel: Number(m[4]) };
    } catch {
      return null;
    }
  }
  return null;
}
