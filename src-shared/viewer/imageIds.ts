// Cornerstone image ids of the `latentrad:` scheme: every pixel the viewer shows comes from the main process's
// pixel service, addressed by these ids (one loader for DICOM frames, volume slices and 2D images).

export const imageIdScheme = 'latentrad';

export type PixelRef =
  | { kind: 'frame'; instanceId: string; frame: number }
  | { kind: 'slice'; volumeId: string; axis: 'x' | 'y' | 'z'; index: number }
  | { kind: 'image'; imageId: string };

export function toImageId(ref: PixelRef): string {
  switch (ref.kind) {
    case 'frame':
      return `${imageIdScheme}:frame/${ref.instanceId}/${ref.frame}`;
    case 'slice':
      return `${imageIdScheme}:slice/${ref.volumeId}/${ref.axis}/${ref.index}`;
    case 'image':
      return `${imageIdScheme}:image/${ref.imageId}`;
  }
}

const framePattern = /^latentrad:frame\/(instance:\d+)\/(\d+)$/;
const slicePattern = /^latentrad:slice\/((?:volume|series):\d+)\/([xyz])\/(\d+)$/;
const imagePattern = /^latentrad:image\/(image:\d+)$/;

/** Parses an id made by `toImageId`; null for anything else (a foreign or malformed id). */
export function parseImageId(id: string): PixelRef | null {
  let m = framePattern.exec(id);
  if (m) return { kind: 'frame', instanceId: m[1], frame: Number(m[2]) };
  m = slicePattern.exec(id);
  if (m) return { kind: 'slice', volumeId: m[1], axis: m[2] as 'x' | 'y' | 'z', index: Number(m[3]) };
  m = imagePattern.exec(id);
  if (m) return { kind: 'image', imageId: m[1] };
  return null;
}
