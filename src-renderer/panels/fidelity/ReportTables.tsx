// The numbers of a fidelity report: the metrics of one projection (both SSIM variants with their data range, MSE on
// both scales, PSNR, NRMSE), the perturbation table (one row per projected copy), lesion inside/outside numbers and
// the export links.
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { FidelityReport, ReportRow } from '../../../src-shared/api/fidelityReport.js';
import { useClient } from '../../api/client.js';

type Comparison = ReportRow['vsOriginal'];
type LesionNumbers = NonNullable<FidelityReport['lesion']>['perImage'][number]['numbers'];

const f = (v: number | null, digits = 4): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const e = (v: number): string => (Number.isFinite(v) ? v.toExponential(2) : '—');

const metrics: Array<{ label: string; value: (c: Comparison) => string }> = [
  { label: 'SSIM (Gaussian σ 1.5, Wang 2004)', value: (c) => f(c.ssim) },
  { label: 'SSIM (7×7 uniform, scikit-image)', value: (c) => f(c.ssimSkimage) },
  { label: 'MSE on [0, 1]', value: (c) => e(c.mse) },
  { label: 'MSE on [−1, 1] (model scale)', value: (c) => e(c.mseModel) },
  { label: 'PSNR (dB, data range 1)', value: (c) => f(c.psnr, 2) },
  { label: 'NRMSE', value: (c) => f(c.nrmse) },
];

export function MetricsTable({ row }: { row: ReportRow }): ReactNode {
  const perturbed = row.kind !== 'original';
  return (
    <table className="fidelity-table" data-testid="fidelity-metrics">
      <caption>
        Projection of “{row.copy}”: images mapped from [−1, 1] to [0, 1], SSIM data range 1
      </caption>
      <thead>
        <tr>
          <th scope="col">metric</th>
          <th scope="col">vs original</th>
          {perturbed && <th scope="col">vs projected input</th>}
        </tr>
      </thead>
      <tbody>
        {metrics.map((m) => (
          <tr key={m.label}>
            <th scope="row">{m.label}</th>
            <td>{m.value(row.vsOriginal)}</td>
            {perturbed && <td>{m.value(row.vsInput)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PerturbationTable({ rows, selected, onSelect }: { rows: ReportRow[]; selected: number; onSelect: (index: number) => void }): ReactNode {
  return (
    <table className="fidelity-table fidelity-select" data-testid="fidelity-perturbations">
      <caption>Every projected copy (click a row to show its images); MSE on [0, 1]</caption>
      <thead>
        <tr>
          <th scope="col">copy</th>
          <th scope="col">SSIM vs original</th>
          <th scope="col">MSE vs original</th>
          <th scope="col">SSIM vs input</th>
          <th scope="col">difference scale ±</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={`${r.image}-${r.copy}`} aria-selected={i === selected} className={i === selected ? 'selected' : undefined} onClick={() => onSelect(i)}>
            <th scope="row">
              <button type="button" className="link-button" onClick={() => onSelect(i)}>
                {rows.some((o) => o.image !== r.image) ? `image ${r.image} · ` : ''}
                {r.copy}
              </button>
            </th>
            <td>{f(r.vsOriginal.ssim, 3)}</td>
            <td>{e(r.vsOriginal.mse)}</td>
            <td>{f(r.vsInput.ssim, 3)}</td>
            <td>{f(r.differenceScale, 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LesionTable({ numbers, contrastRecovered, testId, title }: { numbers: LesionNumbers; contrastRecovered: number | null; testId: string; title: string }): ReactNode {
  return (
    <table className="fidelity-table" data-testid={testId}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">inside ({numbers.pixelsInside} px)</th>
          <th scope="col">outside</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">SSIM</th>
          <td>{f(numbers.ssimInside, 3)}</td>
          <td>{f(numbers.ssimOutside, 3)}</td>
        </tr>
        <tr>
          <th scope="row">MSE on [0, 1]</th>
          <td>{e(numbers.mseInside)}</td>
          <td>{e(numbers.mseOutside)}</td>
        </tr>
        <tr>
          <th scope="row">mean difference (projection − original)</th>
          <td>{f(numbers.differenceInside, 3)}</td>
          <td>{f(numbers.differenceOutside, 3)}</td>
        </tr>
        <tr>
          <th scope="row">MSE inside / outside</th>
          <td colSpan={2}>{f(numbers.mseRatio, 2)} {numbers.mseRatio > 1 ? '(the region is reproduced worse than the rest)' : ''}</td>
        </tr>
        {contrastRecovered !== null && (
          <tr>
            <th scope="row">lesion contrast recovered</th>
            <td colSpan={2}>
              {f(contrastRecovered, 1)} % {contrastRecovered < 50 ? '(reconstructed largely as normal)' : ''}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Export: in a browser, downloads from the host; in the desktop app, the folder that holds the files. */
/** Desktop app: one "Save …" button per file; the main process asks where in the native save dialog. */
function SaveButtons({ result, files, folder }: { result: string; files: Array<[string, string]>; folder: string }): ReactNode {
  const client = useClient();
  const [status, setStatus] = useState<string | null>(null);
  const save = (label: string, file: string): void => {
    setStatus(null);
    client.call('results.saveAs', { id: result, file }).then(
      (r) => setStatus(r.path === null ? null : `${label} saved to ${r.path}`),
      (error: unknown) => setStatus(`${label} not saved: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  return (
    <>
      {files.map(([label, name]) => (
        <button key={name} type="button" onClick={() => save(label, name)}>
          Save {label}…
        </button>
      ))}
      {status && (
        <p className="muted" role="status" data-testid="fidelity-saved">
          {status}
        </p>
      )}
      <p className="muted">
        All files (report.html, table.csv, report.json, maps/*.png, every generator-derived image marked synthetic) are in {folder}
      </p>
    </>
  );
}

export function ExportLinks({ result, row, folder }: { result: string; row: ReportRow; folder: string | null }): ReactNode {
  const href = (name: string): string => `results/${encodeURIComponent(result)}/${name.split('/').map(encodeURIComponent).join('/')}`;
  const files: Array<[string, string]> = [
    ['HTML report', 'report.html'],
    ['CSV table', 'table.csv'],
    ['JSON', 'report.json'],
    ['PNG difference map', row.maps.difference],
    ['PNG SSIM map', row.maps.ssim],
    ['PNG projection', row.maps.projection],
  ];
  return (
    <div className="fidelity-export" data-testid="fidelity-export">
      {folder ? (
        <SaveButtons result={result} files={files} folder={folder} />
      ) : (
        files.map(([label, name]) => (
          <a key={name} className="button-link" href={href(name)} download>
            {label}
          </a>
        ))
      )}
    </div>
  );
}
