// What the fidelity panel asks for, as plain functions: the image of the active viewport as a projection source,
// the perturbation suite from the form's lists, and the finished report a new request can reuse.
import type { Lesion, Perturbation, ProjectionSource } from '../../../src-shared/api/projection.js';
import { parseImageId } from '../../../src-shared/viewer/imageIds.js';

type ItemSource = Extract<ProjectionSource, { kind: 'items' }>;

/** What the fidelity panel reads of a viewer pane's display set (viewer/store.ts DisplaySet fits it). */
export type PaneContent = { kind: 'volume'; sourceId: string; orientation: 'axial' | 'coronal' | 'sagittal'; title: string; patient: string } | { kind: 'stack'; title: string; patient: string };
export type Axis = 'x' | 'y' | 'z';

/** The viewer's plane → the world axis its slices are taken along (as the dataset builder names them). */
export const orientationAxis: Readonly<Record<'axial' | 'coronal' | 'sagittal', Axis>> = { axial: 'z', coronal: 'y', sagittal: 'x' };

export interface SliceChoice {
  axis: Axis;
  /** A slice index, or null for the middle slice. */
  slice: number | null;
  /** Or a range of the axis as fractions (every slice in it is projected). */
  range: [number, number] | null;
}

/**
 * The projection source for what a pane shows, or the reason it cannot be projected. `currentImageId` is the
 * image a stack pane shows now.
 */
export function sourceOfDisplay(display: PaneContent | null, currentImageId: string | undefined, choice: SliceChoice): { source: ItemSource; label: string } | { reason: string } {
  if (!display) return { reason: 'Open an image or a volume in the viewer first: the panel projects what the active viewport shows.' };
  if (display.kind === 'volume') {
    if (!/^(volume|series):/.test(display.sourceId)) return { reason: `${display.title}: ${display.sourceId} cannot be projected; open a NIfTI volume, a DICOM series or a 2D image.` };
    const item = { item: display.sourceId, axis: choice.axis, ...(choice.range ? { sliceRange: choice.range } : choice.slice !== null ? { slice: choice.slice } : {}) };
    const where = choice.range ? `slices ${choice.range[0]}–${choice.range[1]} of the ${choice.axis} axis` : choice.slice !== null ? `slice ${choice.slice} along ${choice.axis}` : `middle slice along ${choice.axis}`;
    return { source: { kind: 'items', items: [item] }, label: `${display.patient || display.title} · ${where}` };
  }
  const ref = currentImageId ? parseImageId(currentImageId) : null;
  if (ref?.kind === 'image') return { source: { kind: 'items', items: [{ item: ref.imageId }] }, label: `${display.title} · ${ref.imageId}` };
  if (ref?.kind === 'frame') {
    return { source: { kind: 'items', items: [{ item: ref.instanceId, frame: ref.frame }] }, label: `${display.patient || display.title} · ${ref.instanceId} frame ${ref.frame}` };
  }
  // A series' z slice is its frame in the viewer's slice order: projected as that frame, exactly what the pane shows.
  if (ref?.kind === 'slice' && ref.volumeId.startsWith('series:') && ref.axis === 'z') {
    return { source: { kind: 'items', items: [{ item: ref.volumeId, frame: ref.index }] }, label: `${display.patient || display.title} · ${ref.volumeId} frame ${ref.index}` };
  }
  if (ref?.kind === 'slice') {
    return { source: { kind: 'items', items: [{ item: ref.volumeId, axis: ref.axis, slice: ref.index }] }, label: `${display.patient || display.title} · slice ${ref.index} along ${ref.axis}` };
  }
  return { reason: `${display.title}: the image shown is not a catalog image, volume slice or DICOM frame; open one in the viewer.` };
}

/** "0.05, 0.1" → [0.05, 0.1]; an empty field is an empty list; anything else names the field and the value. */
export function parseNumberList(text: string, field: string, check: (v: number) => boolean, rule: string): number[] {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v) || !check(v)) throw new Error(`${field}: "${p}" is not ${rule}`);
    return v;
  });
}

export interface PerturbationForm {
  gaussian: string;
  saltPepper: string;
  blur: string;
  /** "x,y,w,h" in pixels of the model's image, or empty. */
  inpaint: string;
}

export function perturbationsOf(form: PerturbationForm): Perturbation[] {
  const positive = (v: number): boolean => v > 0;
  const out: Perturbation[] = [
    ...parseNumberList(form.gaussian, 'Gaussian noise σ', positive, 'a positive number').map((sigma) => ({ kind: 'gaussian' as const, sigma })),
    ...parseNumberList(form.saltPepper, 'Salt-and-pepper fraction', (v) => v > 0 && v <= 1, 'a fraction in (0, 1]').map((fraction) => ({ kind: 'saltpepper' as const, fraction })),
    ...parseNumberList(form.blur, 'Blur σ', positive, 'a positive number of pixels').map((sigma) => ({ kind: 'blur' as const, sigma })),
  ];
  if (form.inpaint.trim()) {
    const rect = parseNumberList(form.inpaint, 'Inpaint rectangle', Number.isInteger, 'a whole number of pixels');
    if (rect.length !== 4 || rect[2] <= 0 || rect[3] <= 0) throw new Error(`Inpaint rectangle: give x, y, width, height in pixels (width and height positive), not "${form.inpaint}"`);
    out.push({ kind: 'inpaint', rect: [rect[0], rect[1], rect[2], rect[3]] });
  }
  return out;
}

/** The settings that make two fidelity reports the same (everything else in a result's meta is bookkeeping). */
export interface ReportKey {
  model: string;
  /** Inversion method: project, encode or encode+refine (reports made before methods existed are projections). */
  method: string;
  source: ProjectionSource;
  settings: { space: string; noise: string; steps: number; seed: number };
  perturbations: Perturbation[];
  lesion: Lesion | null;
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));

/** The reports (in the given order, newest first from results.list) made from the same request; finished or not. */
export function matchingReports(results: ReadonlyArray<{ id: string; meta: Record<string, unknown> }>, key: ReportKey): string[] {
  const want = canonical(key);
  const out: string[] = [];
  for (const r of results) {
    const s = (r.meta.settings ?? {}) as Record<string, unknown>;
    const have = canonical({ model: r.meta.model, method: r.meta.method ?? 'project', source: r.meta.source, settings: { space: s.space, noise: s.noise, steps: s.steps, seed: s.seed }, perturbations: r.meta.perturbations ?? [], lesion: r.meta.lesion ?? null });
    if (have === want) out.push(r.id);
  }
  return out;
}
