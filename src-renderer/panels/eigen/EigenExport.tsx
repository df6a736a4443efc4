// Export of an eigen result: every file it wrote (eigen.json, maps as .npy and PNG, NIfTI for volume sources),
// downloaded from the host; files derived from generated images carry their marks (PNG tEXt, NIfTI description, JSON flag).
import type { ReactNode } from 'react';
import type { EigenOutput } from '../../../src-shared/api/eigen.js';

export function EigenExport({ out }: { out: EigenOutput }): ReactNode {
  const href = (name: string): string => `results/${encodeURIComponent(out.result.id)}/${name.split('/').map(encodeURIComponent).join('/')}`;
  const shown = out.result.files.filter((f) => f !== 'result.json');
  return (
    <section aria-label="Export" data-testid="eigen-export">
      <h4>Export</h4>
      {out.synthetic && <p className="status-error">Derived from SYNTHETIC images: every exported file is marked so (PNG tEXt, NIfTI description, eigen.json).</p>}
      <ul className="file-list">
        {shown.map((name) => (
          <li key={name}>
            <a href={href(name)} download={name.replace(/\//g, '_')}>
              {name}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
