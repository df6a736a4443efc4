// What the eigen panel says before there is anything to analyse: what the analysis shows, what input it takes and
// how to make one, in a few short sentences, so an empty panel is never a dead end.
import type { ReactNode } from 'react';

export function EigenEmpty(): ReactNode {
  return (
    <div className="muted" data-testid="eigen-empty">
      <p>
        <strong>No edit series yet.</strong> This panel eigendecomposes an ordered stack of images, such as one image changed along a disease direction in steps of α. Component 1 is the
        offset every image shares; component 2 grows ≈ linearly with α and isolates the change better than subtracting two images.
      </p>
      <p>
        Make a series in the <strong>Disease direction</strong> panel (Cohort → Direction → Edit patient → “Generate the series”, or <code>latentrad edit</code>), or choose “a stack file (.npy) with
        its α values…” below: K×H×W or K×S×H×W, one α per image. A catalog DICOM series of at least 2 grey frames of one size (e.g. one slice imaged at several visits) is listed below once
        imported: its frames in instance order, α = frame index unless you give one α per frame.
      </p>
    </div>
  );
}
