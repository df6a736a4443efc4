// What the eigen panel says before there is anything to analyse: which ordered stacks it takes and how to make an
// edit series in the Disease direction panel (or with the CLI), so an empty panel is never a dead end.
import type { ReactNode } from 'react';

export function EigenEmpty(): ReactNode {
  return (
    <div className="muted" data-testid="eigen-empty">
      <p>No edit series yet. This panel decomposes an ordered stack of images (the MS-progression method) and takes:</p>
      <ul>
        <li>
          <strong>an edit series</strong> (SYNTHETIC) — make one in the <strong>Disease direction</strong> panel: 1. Cohort → “Make the codes”, 2. Direction → “Find the direction”, 3. Edit patient → “Generate the
          series”; or with <code>latentrad edit</code>. Its α values travel with it (SERIES.json); one slice or several slice positions.
        </li>
        <li>
          <strong>a stack file</strong> (.npy, K×H×W or K×S×H×W for S slice positions) with one α per image: choose “a stack file (.npy) with its α values…” below.
        </li>
        <li>
          <strong>a catalog DICOM series</strong> of at least 2 grey frames of one size (e.g. one slice imaged at several visits), imported in the study browser: its frames in instance order, α = frame
          index unless you type one α per frame, the first frame the reference. It is listed below once imported.
        </li>
      </ul>
      <p>Then Analyse: a scree plot, the first eigenvectors against α with polynomial fits, the check “component 2 linear in α (R² ≥ 0.99)”, and the component maps in the viewer beside the plain subtraction.</p>
    </div>
  );
}
