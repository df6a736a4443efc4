// Catalog contract: import folders into the study catalog, list what is there, label it, resolve references.
// (Pixels of what is catalogued have their own contract: ./pixels.ts.)
import { z } from 'zod';
import { defineEvent, defineMethod } from './define.js';
import { jobSchema } from './jobs.js';

/** Entity ids are `<kind>:<rowid>`, stable for the life of the catalog, e.g. `instance:17`, `volume:2`. */
export const entityKinds = ['patient', 'study', 'series', 'instance', 'volume', 'image'] as const;
export type EntityKind = (typeof entityKinds)[number];
export const entityIdSchema = z.string().regex(/^(patient|study|series|instance|volume|image):\d+$/, 'expected an id like instance:17');
const idOf = (kind: EntityKind) => z.string().regex(new RegExp(`^${kind}:\\d+$`), `expected an id like ${kind}:1`);
export const patientIdSchema = idOf('patient');
export const studyIdSchema = idOf('study');
export const seriesIdSchema = idOf('series');
export const instanceIdSchema = idOf('instance');
export const volumeIdSchema = idOf('volume');
export const imageIdSchema = idOf('image');

/**
 * Generated or not, on every catalog row that holds pixels: a generated PNG (tEXt marker), a NIfTI whose description
 * says synthetic, a DICOM instance with Synthetic Data (0008,001C) = YES; series and studies inherit it.
 */
export const provenances = ['acquired', 'synthetic'] as const;
export type Provenance = (typeof provenances)[number];
export const provenanceSchema = z.enum(provenances);

/** Labels are key/value pairs on any entity (`class=PNEUMONIA`, `age=63`); one value per key. */
export const labelsSchema = z.record(z.string(), z.string());

export const vec3 = z.tuple([z.number(), z.number(), z.number()]);
export const vec6 = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]);

// ---- Import -------------------------------------------------------------------------------------------------

export const importErrorSchema = z.object({ path: z.string(), reason: z.string() });
export type ImportError = z.infer<typeof importErrorSchema>;

/**
 * At most this many ignored files are listed per run (summary and run record); `ignored` always counts them all.
 * CD/DVD media carry whole viewer applications (thousands of files) the user has no action to take on, so the
 * list is for "why is X not in the catalog?", not an inventory.
 */
export const ignoredListLimit = 1000;

export const importStates = ['scanning', 'importing', 'done', 'cancelled', 'failed'] as const;

export const importSummarySchema = z.object({
  runId: z.string(),
  state: z.enum(['done', 'cancelled', 'failed']),
  /** Files looked at (every regular file under the given paths). */
  files: z.number().int().nonnegative(),
  /** Files newly catalogued (or updated because size/mtime changed). */
  imported: z.number().int().nonnegative(),
  /** Unchanged files already in the catalog, DICOMDIR index files, sidecars, label CSVs. */
  skipped: z.number().int().nonnegative(),
  /** Files that are not image data (READMEs, viewer programs, autorun.inf, .DS_Store...): passed over, not errors. */
  ignored: z.number().int().nonnegative(),
  /** The first `ignoredListLimit` ignored files with the reason. */
  ignoredFiles: z.array(importErrorSchema),
  /** Image data that could not be imported, each with the reason (truncated, corrupt, `.img` without `.hdr`...). */
  errors: z.array(importErrorSchema),
  /** Files imported with a stated value that could not be used and was defaulted (NaN voxel size, non-finite transform...), each with what was done. */
  warnings: z.array(importErrorSchema),
  /** Files skipped because an instance with the same SOPInstanceUID is already catalogued at `of`. */
  duplicates: z.array(z.object({ path: z.string(), of: z.string() })),
  /** How many entities of each kind this run touched. */
  patients: z.number().int().nonnegative(),
  studies: z.number().int().nonnegative(),
  series: z.number().int().nonnegative(),
  instances: z.number().int().nonnegative(),
  volumes: z.number().int().nonnegative(),
  images: z.number().int().nonnegative(),
  elapsedMs: z.number().nonnegative(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const importInputSchema = z.object({
  paths: z.array(z.string().min(1)).min(1),
  /** Copy files into the library folder instead of linking them in place. */
  copy: z.boolean().default(false),
}).strict();
export type ImportInput = z.input<typeof importInputSchema>;

export const importProgressSchema = z.object({
  runId: z.string(),
  state: z.enum(importStates),
  scanned: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  ignored: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** Total files to process once the walk has finished; null while still scanning. */
  total: z.number().int().nonnegative().nullable(),
  filesPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  /** The file being processed (for a status line). */
  current: z.string().optional(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

// ---- Catalog rows -------------------------------------------------------------------------------------------

export const patientSchema = z.object({
  id: patientIdSchema,
  /** DICOM PatientID (0010,0020); empty when the files had none. */
  patientId: z.string(),
  name: z.string(),
  birthDate: z.string().nullable(),
  sex: z.string().nullable(),
  studyCount: z.number().int(),
  labels: labelsSchema,
});

export const studySchema = z.object({
  id: studyIdSchema,
  patient: patientIdSchema,
  studyInstanceUid: z.string(),
  /** DICOM DA as YYYYMMDD, and TM. */
  date: z.string().nullable(),
  time: z.string().nullable(),
  description: z.string().nullable(),
  accessionNumber: z.string().nullable(),
  modalities: z.array(z.string()),
  seriesCount: z.number().int(),
  instanceCount: z.number().int(),
  /** `synthetic` when any of its series is. */
  provenance: provenanceSchema,
  labels: labelsSchema,
});

export const seriesSchema = z.object({
  id: seriesIdSchema,
  study: studyIdSchema,
  seriesInstanceUid: z.string(),
  number: z.number().nullable(),
  modality: z.string().nullable(),
  description: z.string().nullable(),
  bodyPart: z.string().nullable(),
  instanceCount: z.number().int(),
  /** Sum of frames over the instances (multi-frame instances count each frame). */
  frameCount: z.number().int(),
  /** False for SR, RT plans/structs, ECG, SEG-only series: catalogued but not viewable as images. */
  displayable: z.boolean(),
  /** `synthetic` when any of its instances is. */
  provenance: provenanceSchema,
  labels: labelsSchema,
});

export const instanceSchema = z.object({
  id: instanceIdSchema,
  series: seriesIdSchema,
  sopInstanceUid: z.string(),
  sopClassUid: z.string().nullable(),
  instanceNumber: z.number().nullable(),
  path: z.string(),
  frames: z.number().int(),
  transferSyntaxUid: z.string(),
  rows: z.number().int().nullable(),
  columns: z.number().int().nullable(),
  /** Row spacing, column spacing in mm (DICOM order). */
  pixelSpacing: z.tuple([z.number(), z.number()]).nullable(),
  imagePositionPatient: vec3.nullable(),
  imageOrientationPatient: vec6.nullable(),
  sliceLocation: z.number().nullable(),
  sliceThickness: z.number().nullable(),
  rescaleSlope: z.number(),
  rescaleIntercept: z.number(),
  windowCenter: z.number().nullable(),
  windowWidth: z.number().nullable(),
  photometricInterpretation: z.string().nullable(),
  bitsAllocated: z.number().int().nullable(),
  bitsStored: z.number().int().nullable(),
  pixelRepresentation: z.number().int().nullable(),
  samplesPerPixel: z.number().int().nullable(),
  modality: z.string().nullable(),
  displayable: z.boolean(),
  /** `synthetic` when the file says Synthetic Data (0008,001C) = YES (read at import). */
  provenance: provenanceSchema,
  labels: labelsSchema,
});

export const volumeSchema = z.object({
  id: volumeIdSchema,
  path: z.string(),
  format: z.enum(['nifti1', 'nifti2']),
  /** All dimensions (3 for a volume, 4+ for time series etc.; extra dims are catalogued, slices use t=0). */
  dims: z.array(z.number().int()),
  /** Voxel size per dimension (mm for space). */
  voxelSize: z.array(z.number()),
  datatype: z.string(),
  /** Voxel (i,j,k,1) → RAS+ mm, row-major 4×4, from sform, else qform, else pixdim. */
  affine: z.array(z.number()).length(16),
  affineSource: z.enum(['sform', 'qform', 'pixdim']),
  description: z.string(),
  provenance: provenanceSchema,
  labels: labelsSchema,
});

export const imageSchema = z.object({
  id: imageIdSchema,
  path: z.string(),
  format: z.enum(['png', 'jpeg']),
  rows: z.number().int(),
  columns: z.number().int(),
  channels: z.number().int(),
  bitDepth: z.number().int(),
  provenance: provenanceSchema,
  labels: labelsSchema,
});

export type PatientRow = z.infer<typeof patientSchema>;
export type StudyRow = z.infer<typeof studySchema>;
export type SeriesRow = z.infer<typeof seriesSchema>;
export type InstanceRow = z.infer<typeof instanceSchema>;
export type VolumeRow = z.infer<typeof volumeSchema>;
export type ImageRow = z.infer<typeof imageSchema>;

/**
 * Filters for listings: `key=value` on a column (`modality=CT`, `patientId=123`; `*` is a wildcard) or,
 * when the key is not a column of that listing, on a label (`class=PNEUMONIA`).
 */
const listInput = <P extends z.ZodTypeAny>(parent: P) =>
  z
    .object({
      parent: parent.optional(),
      where: z.record(z.string(), z.string()).default({}),
      limit: z.number().int().positive().max(100_000).default(1000),
      offset: z.number().int().nonnegative().default(0),
    })
    .strict();
const listOutput = <R extends z.ZodTypeAny>(row: R) => z.object({ rows: z.array(row), total: z.number().int() });

// ---- Methods ------------------------------------------------------------------------------------------------

export const catalogMethods = {
  'catalog.import': defineMethod({
    summary: 'Submit an import job for files and folders (DICOM, DICOMDIR, NIfTI, PNG/JPEG); its result is the import summary (see importPaths in awaitJob.ts)',
    input: importInputSchema,
    output: jobSchema,
  }),
  'catalog.listImports': defineMethod({
    summary: 'Past import runs with their errors, warnings and ignored files',
    input: z.object({ limit: z.number().int().positive().max(1000).default(50) }).strict(),
    output: z.object({
      rows: z.array(z.object({
        runId: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), state: z.string(),
        paths: z.array(z.string()), files: z.number().int(), imported: z.number().int(), skipped: z.number().int(),
        ignored: z.number().int(), ignoredFiles: z.array(importErrorSchema),
        errors: z.array(importErrorSchema), warnings: z.array(importErrorSchema),
      })),
    }),
  }),
  'catalog.listPatients': defineMethod({ summary: 'Patients', input: listInput(z.never()), output: listOutput(patientSchema) }),
  'catalog.listStudies': defineMethod({ summary: 'Studies (of one patient with parent)', input: listInput(patientIdSchema), output: listOutput(studySchema) }),
  'catalog.listSeries': defineMethod({ summary: 'Series (of one study with parent)', input: listInput(studyIdSchema), output: listOutput(seriesSchema) }),
  'catalog.listInstances': defineMethod({ summary: 'Instances (of one series with parent)', input: listInput(seriesIdSchema), output: listOutput(instanceSchema) }),
  'catalog.listVolumes': defineMethod({ summary: 'NIfTI volumes', input: listInput(z.never()), output: listOutput(volumeSchema) }),
  'catalog.listImages': defineMethod({ summary: '2D research images (PNG/JPEG)', input: listInput(z.never()), output: listOutput(imageSchema) }),
  'catalog.setLabels': defineMethod({
    summary: 'Set (or with null, remove) labels on an entity',
    input: z.object({ id: entityIdSchema, labels: z.record(z.string().min(1), z.string().nullable()) }).strict(),
    output: z.object({ id: entityIdSchema, labels: labelsSchema }),
  }),
  'catalog.importLabels': defineMethod({
    summary: 'Apply a CSV of labels: first column a path (absolute or relative to the CSV), an entity id or a UID',
    input: z.object({ csvPath: z.string().min(1) }).strict(),
    /** Unmatched rows are a count and the first line numbers, never their text (the file may not be a label CSV at all). */
    output: z.object({ rows: z.number().int(), applied: z.number().int(), unmatched: z.object({ count: z.number().int(), lines: z.array(z.number().int()) }) }),
  }),
  'catalog.resolve': defineMethod({
    summary: 'Turn an entity id, SOPInstanceUID, Series/StudyInstanceUID or a catalogued path into an entity id',
    input: z.object({ ref: z.string().min(1) }).strict(),
    output: z.object({ id: entityIdSchema }),
  }),
};

export const catalogEvents = {
  catalogChanged: defineEvent({
    summary: 'The catalog changed (an import batch committed, labels set): refresh listings',
    payload: z.object({ kinds: z.array(z.enum(entityKinds)), reason: z.string() }),
  }),
};
