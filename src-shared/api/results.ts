// Results of analyses and generation: folders under `<data dir>/results/<id>/`, addressed by id. Contract methods
// never take output paths; a user copies a result out with the CLI (`--out`), a save dialog or a download.
import { z } from 'zod';
import { vec3, vec6 } from './catalog.js';
import { defineMethod } from './define.js';

/** A result's id as the results store makes it: `<kind>-<yyyymmddThhmmss>-<8 hex>`. */
export const resultIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}-\d{8}T\d{6}-[0-9a-f]{8}$/, 'expected a result id like eigen-20261203T101500-0a1b2c3d');

/**
 * `geometry.json` of a result whose arrays are [..., S, H, W] planes cut from a volume: where slice position s sits
 * in the source volume (LPS mm, DICOM convention), so the viewer and the NIfTI export place each plane there.
 */
export const resultGeometrySchema = z.object({
  /** The source volume (catalog id or file) the positions are cut from. */
  source: z.string(),
  frameOfReferenceUid: z.string().nullable().optional(),
  positions: z.array(
    z.object({
      /** Centre of the plane's first pixel. */
      imagePositionPatient: vec3,
      /** Row direction cosines, then column direction cosines. */
      imageOrientationPatient: vec6,
      /** [row spacing, column spacing] in mm of the plane's pixels (the model's grid over the source's field). */
      pixelSpacing: z.tuple([z.number().positive(), z.number().positive()]),
      sliceThickness: z.number().positive().nullable().optional(),
    }),
  ).min(1),
  /** Position-major arrays of the result (N×H×W: image s is position s; N×S×H×W: channel s); `position_<s>/` files are position s. */
  positionFiles: z.array(z.string()).default([]),
});
export type ResultGeometry = z.infer<typeof resultGeometrySchema>;

/** What a method that writes files returns: the result's id and the names of its files (relative, `/`-separated). */
export const resultRefSchema = z.object({
  id: z.string(),
  files: z.array(z.string()),
});
export type ResultRef = z.infer<typeof resultRefSchema>;

export const resultInfoSchema = z.object({
  id: z.string(),
  /** The capability that made it: `metrics`, `eigen`, `direction`, `generate`, `nvlabs-dataset`, … */
  kind: z.string(),
  created: z.string(),
  /** True when any file derives from a generator output (ARTEFACTS.md: the flag is inherited). */
  synthetic: z.boolean(),
  meta: z.record(z.string(), z.unknown()),
});

export const resultsMethods = {
  'results.get': defineMethod({
    summary: 'One result by id: what made it and its files (name and size)',
    input: z.object({ id: z.string().min(1) }).strict(),
    output: z.object({ info: resultInfoSchema, files: z.array(z.object({ name: z.string(), bytes: z.number().int() })) }),
  }),
  'results.saveAs': defineMethod({
    summary: 'Copy one result file to a place the user picks in the native save dialog (desktop app only; a browser downloads /results/<id>/<file>)',
    input: z.object({ id: resultIdSchema, file: z.string().min(1) }).strict(),
    /** Where the copy went, or null when the user cancelled the dialog. */
    output: z.object({ path: z.string().nullable() }),
  }),
  'results.list': defineMethod({
    summary: 'Results in the data directory, newest first (optionally of one kind)',
    input: z.object({ kind: z.string().min(1).optional() }).strict(),
    output: z.object({ results: z.array(resultInfoSchema) }),
  }),
};
