// `latentrad import`, `ls`, `export-image`, `label` and `labels import`: the catalog from the command line,
// through the same API calls the UI makes.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { ImportSummary } from '../../../src-shared/api/catalog.js';
import type { PixelFrame } from '../../../src-shared/api/pixels.js';
import { ApiError } from '../../../src-shared/api/errors.js';
import { importPaths } from '../../../src-shared/api/awaitJob.js';
import { applyWindow } from '../../../src-shared/viewer/windowing.js';
import { voiLutToDisplay } from '../../../src-shared/imaging/lut.js';
import { burnSyntheticLabel } from '../../../src-shared/viewer/syntheticLabel.js';
import { parseWhere } from '../../../src-shared/catalog/where.js';
import { writeNpy } from '../../io/npyFile.js';
import { syntheticPngText, writePng } from '../../io/png.js';
import { frameValues } from '../../../src-shared/api/pixels.js';
import { showProgress } from '../followJob.js';
import { runWith } from '../runtime.js';
import { numberOption } from '../numberOption.js';
import { catalogMethods } from '../../../src-shared/api/catalog.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const kinds = ['patients', 'studies', 'series', 'instances', 'volumes', 'images'] as const;
export type Kind = (typeof kinds)[number];
const listMethod = {
  patients: 'catalog.listPatients', studies: 'catalog.listStudies', series: 'catalog.listSeries',
  instances: 'catalog.listInstances', volumes: 'catalog.listVolumes', images: 'catalog.listImages',
} as const;

export function keyValues(pairs: string[]): Record<string, string> {
  try {
    return parseWhere(pairs);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const index = { integer: true, min: 0 } as const;

export function registerCatalogCommands(program: Command): void {
  program
    .command('import')
    .description('import DICOM folders, DICOMDIR media, NIfTI files and PNG/JPEG folders into the catalog')
    .argument('<paths...>', 'files or folders')
    .option('--copy', 'copy the files into the library folder instead of linking them in place', false)
    .action(async (paths: string[], opts: { copy: boolean }, command: Command) => {
      // A path that is not there is a typo on the command line (exit 2), not a file the import rejected (exit 0, listed).
      const missing = paths.filter((path) => !existsSync(path));
      if (missing.length > 0) throw new InvalidArgumentError(`${missing.join(', ')}: no such file or folder`);
      await runWith(command, async (rt) => {
        const tty = !rt.json && process.stderr.isTTY;
        let cancel: (() => void) | null = null;
        try {
          // The import is a job (listed by `latentrad jobs`); this command waits for its summary.
          return await importPaths(rt.client, { paths, copy: opts.copy }, {
            onSubmitted: (job) => {
              cancel = (): void => {
                process.stderr.write('\ncancelling after the current batch (what is imported stays catalogued)…\n');
                void rt.client.call('jobs.cancel', { id: job.id }).catch(() => undefined);
              };
              process.once('SIGINT', cancel);
            },
            onEvent: (event) => {
              if (tty) showProgress(event, true);
            },
          });
        } finally {
          if (cancel) process.off('SIGINT', cancel);
          if (tty) process.stderr.write('\n');
        }
      }, formatSummary);
    });

  program
    .command('ls')
    .description(`list catalog rows: ${kinds.join('|')}`)
    .argument('<kind>', kinds.join('|'))
    .option('--where <key=value>', 'filter on a column (modality=CT, provenance=synthetic, * wildcard) or a label (class=PNEUMONIA); repeatable', collect, [])
    .option('--parent <id>', 'only children of this entity (e.g. study:3 for its series)')
    .option('--limit <n>', 'at most this many rows', numberOption('--limit', catalogMethods['catalog.listPatients'].input.shape.limit), 1000)
    .action(async (kind: string, opts: { where: string[]; parent?: string; limit: number }, command: Command) => {
      if (!(kinds as readonly string[]).includes(kind)) throw new InvalidArgumentError(`kind must be one of ${kinds.join(', ')}`);
      const input = { where: keyValues(opts.where), limit: opts.limit, ...(opts.parent ? { parent: opts.parent } : {}) };
      await runWith(command, async (rt) => {
        const method = listMethod[kind as Kind];
        return (await rt.client.call(method, input as never)) as { rows: Array<Record<string, unknown>>; total: number };
      }, (r) => formatRows(kind as Kind, r));
    });

  program
    .command('export-image')
    .description('write one frame/slice/image as .npy (float32, modality units) or .png (windowed)')
    .argument('<id>', 'instance, volume, series or image id, a SOPInstanceUID, or a catalogued path')
    .requiredOption('--out <file>', 'output .npy or .png')
    .option('--frame <n>', 'frame of a multi-frame instance', numberOption('--frame', index), 0)
    .option('--axis <axis>', 'x, y or z (volumes and series)', 'z')
    .option('--slice <k>', 'slice index along the axis (default: the middle)', numberOption('--slice', index))
    .option('--bits <n>', 'PNG bit depth, 8 or 16', (v) => (v === '16' ? 16 : 8), 8)
    .action(async (ref: string, opts: { out: string; frame: number; axis: string; slice?: number; bits: 8 | 16 }, command: Command) => {
      if (!['x', 'y', 'z'].includes(opts.axis)) throw new InvalidArgumentError('--axis is x, y or z');
      if (!/\.(npy|png)$/i.test(opts.out)) throw new InvalidArgumentError('--out must end in .npy or .png');
      await runWith(command, async (rt) => {
        const { id } = await rt.client.call('catalog.resolve', { ref });
        const kind = id.split(':')[0];
        let frame: PixelFrame;
        if (kind === 'instance') frame = await rt.client.call('pixels.frame', { instanceId: id, frame: opts.frame });
        else if (kind === 'image') frame = await rt.client.call('pixels.image', { imageId: id });
        else if (kind === 'volume' || kind === 'series') {
          const axis = opts.axis as 'x' | 'y' | 'z';
          let index = opts.slice;
          if (index === undefined) {
            const info = await rt.client.call('pixels.volumeInfo', { id });
            index = Math.floor(info.dims[axis === 'x' ? 0 : axis === 'y' ? 1 : 2] / 2);
          }
          frame = await rt.client.call('pixels.slice', { volumeId: id, axis, index });
        } else throw new ApiError('bad_input', `${id} is a ${kind}: export an instance, series, volume or image`);
        await writeFrame(frame, opts.out, opts.bits);
        return { id, out: opts.out, rows: frame.geometry.rows, columns: frame.geometry.columns, samplesPerPixel: frame.samplesPerPixel, provenance: frame.provenance, window: frame.window };
      }, (r) => `wrote ${r.out} (${r.id}, ${r.columns}×${r.rows}${r.samplesPerPixel === 3 ? ' RGB' : ''}${r.provenance === 'synthetic' ? ', SYNTHETIC' : ''})`);
    });

  program
    .command('label')
    .description('set labels on a catalog entity (key= with no value removes the label)')
    .argument('<id>', 'entity id, UID or catalogued path')
    .argument('<pairs...>', 'key=value')
    .action(async (ref: string, pairs: string[], _opts: unknown, command: Command) => {
      const kv = keyValues(pairs);
      await runWith(command, async (rt) => {
        const { id } = await rt.client.call('catalog.resolve', { ref });
        const labels = Object.fromEntries(Object.entries(kv).map(([k, v]) => [k, v === '' ? null : v]));
        return rt.client.call('catalog.setLabels', { id, labels });
      }, (r) => `${r.id}: ${Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join(', ') || '(no labels)'}`);
    });

  program
    .command('labels')
    .description('label files')
    .command('import')
    .description('apply a CSV of labels: path (or id/UID),label[,more columns]; a header row names the keys')
    .argument('<csv>', 'CSV file')
    .action(async (csvPath: string, _opts: unknown, command: Command) => {
      await runWith(command, (rt) => rt.client.call('catalog.importLabels', { csvPath }), (r) =>
        [`${r.applied} of ${r.rows} rows applied`, ...(r.unmatched.count > 0 ? [`  ${r.unmatched.count} row(s) match no catalogued file, id or UID: lines ${r.unmatched.lines.join(', ')}${r.unmatched.count > r.unmatched.lines.length ? ', …' : ''}`] : [])].join('\n'));
    });
}

/** Writes one frame as .npy (raw) or .png (windowed; a synthetic frame gets tEXt and the burned-in label). */
export async function writeFrame(frame: PixelFrame, out: string, bits: 8 | 16): Promise<void> {
  const values = frameValues(frame);
  const { rows, columns } = frame.geometry;
  if (/\.npy$/i.test(out)) {
    const shape = frame.samplesPerPixel === 3 ? [rows, columns, 3] : [rows, columns];
    await writeNpy(out, Float32Array.from(values), shape, 'float32');
    return;
  }
  const synthetic = frame.provenance === 'synthetic';
  const text = synthetic ? { ...syntheticPngText } : undefined;
  if (frame.samplesPerPixel === 3) {
    const rgb = Uint8Array.from(values);
    // A picture of generated content carries the label in its pixels too: tEXt is lost by screenshots and re-saves.
    if (synthetic) burnSyntheticLabel(rgb, columns, rows, 3);
    await writePng(out, { width: columns, height: rows, channels: 3, bitDepth: 8, data: rgb, text });
    return;
  }
  const outMax = bits === 16 ? 65535 : 255;
  // The file's VOI LUT wins over its linear window, as in pydicom's apply_voi_lut (prefer_lut).
  const data = frame.voiLut ? voiLutToDisplay(values, frame.voiLut, outMax, frame.invert) : applyWindow(values, frame.window.center, frame.window.width, outMax, frame.invert);
  if (synthetic) burnSyntheticLabel(data, columns, rows, 1);
  await writePng(out, { width: columns, height: rows, channels: 1, bitDepth: bits, data, text });
}

export function formatSummary(s: ImportSummary): string {
  const lines = [
    `${s.state === 'done' ? 'Imported' : 'Import cancelled:'} ${s.imported} of ${s.files} files (${s.skipped} skipped, ${s.errors.length} errors) in ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `  ${s.patients} patients, ${s.studies} studies, ${s.series} series, ${s.instances} instances, ${s.volumes} volumes, ${s.images} images`,
  ];
  if (s.duplicates.length) lines.push(`  ${s.duplicates.length} duplicates of already catalogued instances (same SOPInstanceUID) skipped`);
  // Not image data (READMEs, viewer programs on the media...): one line, not a list, as it asks nothing of the user.
  if (s.ignored) lines.push(`  ${s.ignored} ignored (not image files; --json lists them)`);
  for (const e of s.errors.slice(0, 50)) lines.push(`  ✗ ${e.path}: ${e.reason}`);
  if (s.errors.length > 50) lines.push(`  ... and ${s.errors.length - 50} more (--json lists all)`);
  for (const w of s.warnings.slice(0, 50)) lines.push(`  ! ${w.path}: imported, but ${w.reason}`);
  if (s.warnings.length > 50) lines.push(`  ... and ${s.warnings.length - 50} more warnings (--json lists all)`);
  return lines.join('\n');
}

/** The text table of `latentrad ls`; generated rows say SYNTHETIC in capitals, as the viewer and exports mark them. */
export function formatRows(kind: Kind, r: { rows: Array<Record<string, unknown>>; total: number }): string {
  const pick: Record<Kind, string[]> = {
    patients: ['id', 'patientId', 'name', 'sex', 'birthDate', 'studyCount'],
    studies: ['id', 'patient', 'date', 'description', 'modalities', 'seriesCount', 'instanceCount', 'provenance', 'studyInstanceUid'],
    series: ['id', 'study', 'number', 'modality', 'description', 'instanceCount', 'frameCount', 'displayable', 'provenance', 'seriesInstanceUid'],
    instances: ['id', 'series', 'instanceNumber', 'rows', 'columns', 'frames', 'transferSyntaxUid', 'provenance', 'sopInstanceUid'],
    volumes: ['id', 'format', 'dims', 'datatype', 'provenance', 'path'],
    images: ['id', 'format', 'columns', 'rows', 'channels', 'provenance', 'path'],
  };
  const cols = [...pick[kind], 'labels'];
  const cell = (v: unknown): string => (Array.isArray(v) ? v.join(kind === 'volumes' ? '×' : ',') : v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join(' ') : v === null || v === undefined ? '' : String(v));
  const text = (row: Record<string, unknown>, c: string): string => (c === 'provenance' && row[c] === 'synthetic' ? 'SYNTHETIC' : cell(row[c]));
  const lines = r.rows.map((row) => cols.map((c) => text(row, c)).join('\t'));
  return [cols.join('\t'), ...lines, `(${r.rows.length} of ${r.total})`].join('\n');
}
