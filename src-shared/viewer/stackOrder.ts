// The order of a DICOM series' frames in a stack: along the slice normal when every instance has position and
// orientation (what radiologists expect: feet→head or the acquisition order), else by InstanceNumber, then UID.

export interface StackInstance {
  id: string;
  instanceNumber: number | null;
  frames: number;
  imagePositionPatient: readonly [number, number, number] | null;
  imageOrientationPatient: readonly [number, number, number, number, number, number] | null;
  sopInstanceUid?: string;
}

export interface StackFrame {
  instanceId: string;
  frame: number;
  /** Position along the normal in mm, when known (for position-based scroll sync). */
  position: number | null;
}

export function orderStack(instances: readonly StackInstance[]): StackFrame[] {
  const first = instances.find((i) => i.imageOrientationPatient)?.imageOrientationPatient;
  const normal = first
    ? [first[1] * first[5] - first[2] * first[4], first[2] * first[3] - first[0] * first[5], first[0] * first[4] - first[1] * first[3]]
    : null;
  const positionOf = (i: StackInstance): number | null =>
    normal && i.imagePositionPatient ? i.imagePositionPatient[0] * normal[0] + i.imagePositionPatient[1] * normal[1] + i.imagePositionPatient[2] * normal[2] : null;
  const allPositioned = normal !== null && instances.every((i) => i.imagePositionPatient && i.frames === 1);
  const sorted = [...instances].sort((a, b) => {
    if (allPositioned) {
      const d = (positionOf(a) ?? 0) - (positionOf(b) ?? 0);
      if (d !== 0) return d;
    }
    const n = (a.instanceNumber ?? Number.MAX_SAFE_INTEGER) - (b.instanceNumber ?? Number.MAX_SAFE_INTEGER);
    if (n !== 0) return n;
    return (a.sopInstanceUid ?? a.id).localeCompare(b.sopInstanceUid ?? b.id);
  });
  const out: StackFrame[] = [];
  for (const i of sorted) {
    for (let f = 0; f < Math.max(1, i.frames); f++) out.push({ instanceId: i.id, frame: f, position: i.frames === 1 ? positionOf(i) : null });
  }
  return out;
}

/** Groups 2D images into sets by their folder (the ImageFolder convention: NORMAL/, PNEUMONIA/). */
export function groupByFolder<T extends { path: string }>(items: readonly T[]): { folder: string; name: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const cut = Math.max(item.path.lastIndexOf('/'), item.path.lastIndexOf('\\'));
    const folder = cut >= 0 ? item.path.slice(0, cut) : '';
    const list = groups.get(folder) ?? [];
    list.push(item);
    groups.set(folder, list);
  }
  return [...groups.entries()]
    .map(([folder, list]) => {
      const parts = folder.split(/[\\/]/).filter(Boolean);
      return { folder, name: parts.slice(-2).join('/') || '(root)', items: list.sort((a, b) => a.path.localeCompare(b.path)) };
    })
    .sort((a, b) => a.folder.localeCompare(b.folder));
}
