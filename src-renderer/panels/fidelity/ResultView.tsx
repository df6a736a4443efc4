// A finished fidelity report: original | projection | signed difference side by side with shared zoom, pan and W/L,
// the SSIM map as an overlay, the metrics of the chosen copy, the perturbation table, lesion numbers (the report's,
// and live ones for a region drawn on the original) and the export links.
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { lesionNumbers } from '../../../src-shared/analysis/fidelity.js';
import type { FidelityReport } from '../../../src-shared/api/fidelityReport.js';
import { ComparePanes } from './ComparePanes.js';
import { discMask, modelWindow } from './imageRender.js';
import { ExportLinks, LesionTable, MetricsTable, PerturbationTable } from './ReportTables.js';
import { initialView } from './SyncedImage.js';
import type { PaneView } from './SyncedImage.js';
import { useCopyImages } from './useCopyImages.js';
import { FormError } from '../common/FormError.js';

// The part of the stored plan the panel needs: which batch row holds each copy (in the report's row order).
const layoutSchema = z.object({
  groups: z.array(z.object({ image: z.number(), copies: z.array(z.object({ name: z.string(), row: z.number().int() })) })),
});

/** Batch rows of the report rows and of each row's unperturbed original. */
export function rowsOfLayout(meta: Record<string, unknown>): { row: number; originalRow: number }[] {
  const layout = layoutSchema.parse(meta.fidelity);
  return layout.groups.flatMap((g) => g.copies.map((c) => ({ row: c.row, originalRow: g.copies[0].row })));
}

interface Drawn {
  x: number;
  y: number;
  r: number;
}

/** How the report's codes were made: projection steps, or the encoder (and its refinement steps). */
function methodText(meta: Record<string, unknown>): string {
  const settings = (meta.settings ?? {}) as Record<string, unknown>;
  const encoder = (meta.encoder ?? {}) as Record<string, unknown>;
  if (meta.method === 'encode') return `encoder ${String(encoder.name)} (one pass)`;
  if (meta.method === 'encode+refine') return `encoder ${String(encoder.name)} + ${String(meta.refine)} projector steps`;
  return `projection, ${String(settings.steps)} steps`;
}

/** `label`: what the request named (patient and slice), when this view follows a request rather than an earlier report. */
export function ResultView({ result, report, folder, label }: { result: string; report: FidelityReport; folder: string | null; label: string | null }): ReactNode {
  const rows = useMemo(() => rowsOfLayout(report.meta), [report]);
  const [selected, setSelected] = useState(0);
  const [view, setView] = useState<PaneView>(initialView(modelWindow));
  const [ssimOverlay, setSsimOverlay] = useState(false);
  const [enlarged, setEnlarged] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const row = report.rows[selected];
  const state = useCopyImages(result, rows[selected].originalRow, rows[selected].row);
  const images = state.status === 'ready' ? state.images : null;

  const drawnNumbers = useMemo(() => {
    if (!images || !drawn || drawn.r < 0.5) return null;
    const mask = discMask(images.width, images.height, drawn.x, drawn.y, drawn.r);
    const inside = mask.reduce((a, b) => a + b, 0);
    if (inside === 0 || inside === mask.length) return null;
    return lesionNumbers(images.original, images.projection, images, mask);
  }, [images, drawn]);
  const drawnOverlay = useMemo(() => (images && drawn ? Uint8ClampedArray.from(discMask(images.width, images.height, drawn.x, drawn.y, drawn.r).flatMap((v) => (v ? [255, 210, 0, 110] : [0, 0, 0, 0]))) : null), [images, drawn]);

  const settings = (report.meta.settings ?? {}) as Record<string, unknown>;
  const model = (report.meta.model ?? {}) as Record<string, unknown>;
  const lesionHere = report.lesion?.perImage.find((p) => p.image === row.image) ?? null;

  return (
    <section aria-label="Fidelity report" data-testid="fidelity-result" className="panel-stack">
      <div>
        <h3>Fidelity report</h3>
        <p data-testid="fidelity-summary">
          Mean SSIM {report.meanSsim.toFixed(3)}, MSE {report.meanMse.toExponential(2)} (on [0, 1]) over {report.rows.filter((r) => r.kind === 'original').length} image(s) · model {String(model.name ?? model.id ?? '?')} · {methodText(report.meta)} · {settings.space === 'w' ? 'W' : 'W+'} · noise {String(settings.noise)} · distance {String(settings.distance)}
        </p>
      </div>
      {state.status === 'error' && <FormError message={state.message} />}
      {state.status === 'loading' && <p className="muted">Loading images…</p>}
      {images && (
        <ComparePanes
          images={images}
          inputTitle={row.kind === 'original' ? 'Original' : `Input: ${row.copy}`}
          showOriginal={row.kind === 'original'}
          view={view}
          onView={setView}
          ssimOverlay={ssimOverlay}
          onSsimOverlay={setSsimOverlay}
          drawnOverlay={drawnOverlay}
          onDraw={drawing ? (from, to) => setDrawn({ x: from[0] - 0.5, y: from[1] - 0.5, r: Math.hypot(to[0] - from[0], to[1] - from[1]) }) : undefined}
          enlarged={enlarged}
          onEnlarged={setEnlarged}
          heading={`${label ? `${label} · ` : ''}${row.item.split(/[\\/]/).at(-1) ?? row.item}${row.slice === null ? '' : ` slice ${row.slice}`} · ${row.copy} · SSIM ${row.vsOriginal.ssim.toFixed(3)} vs the original · model ${String(model.name ?? model.id ?? '?')} · SYNTHETIC projection`}
        />
      )}
      <MetricsTable row={row} />
      {report.rows.length > 1 && <PerturbationTable rows={report.rows} selected={selected} onSelect={setSelected} />}
      <div>
        <h3>Lesion</h3>
        {lesionHere ? (
          <LesionTable
            numbers={lesionHere.numbers}
            contrastRecovered={lesionHere.contrastRecoveredPercent}
            testId="fidelity-lesion"
            title={`${report.lesion?.description ?? 'lesion'}: ${lesionHere.contrastRecoveredPercent === null ? 'projection vs original' : 'projection of the lesioned copy vs the lesioned input'}, inside vs outside the mask`}
          />
        ) : (
          <p className="muted">No lesion in this report: add a synthetic disc before running, or draw a region on the original.</p>
        )}
        <label>
          <input type="checkbox" checked={drawing} onChange={(e) => setDrawing(e.target.checked)} /> Draw a region on the original (drag from its centre outwards)
        </label>
        {drawn && drawnNumbers && (
          <LesionTable
            numbers={drawnNumbers}
            contrastRecovered={null}
            testId="fidelity-drawn"
            title={`Drawn disc at (${drawn.x.toFixed(1)}, ${drawn.y.toFixed(1)}) r ${drawn.r.toFixed(1)} px: projection vs original, inside vs outside`}
          />
        )}
      </div>
      <div>
        <h3>Export</h3>
        <ExportLinks result={result} row={row} folder={folder} />
      </div>
    </section>
  );
}
