// The list of measurements on the open images (length in mm, angle, ROI mean/SD/area), each naming its image.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { clearMeasurements, currentMeasurements, onMeasurementsChanged } from './measurements.js';
import type { MeasurementRow } from './measurements.js';
import { measurementPlace } from './measurementPlace.js';
import { useViewerState } from './store.js';
import { cornerstoneVolumeId } from './volumes.js';

export function MeasurementList(): ReactNode {
  const [rows, setRows] = useState<MeasurementRow[]>([]);
  const { panes } = useViewerState();
  useEffect(() => {
    let frame = 0;
    const update = (): void => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setRows(currentMeasurements());
      });
    };
    const off = onMeasurementsChanged(update);
    return () => {
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
  // Always present (one line when empty) so the panes above do not resize when the first measurement lands.
  if (rows.length === 0) {
    return (
      <div className="measurements measurements-empty" aria-label="Measurements">
        No measurements: L length, A angle, E ellipse, B rectangle.
      </div>
    );
  }
  return (
    <div className="measurements" data-testid="measurements" aria-label="Measurements">
      <ul>
        {rows.map((r) => (
          <li key={r.uid} data-tool={r.tool} data-value={r.value ?? ''} data-unit={r.unit}>
            <strong>{r.tool}</strong> {r.text}{' '}
            <span className="measurement-place" data-testid="measurement-place">
              on {measurementPlace(r.reference, panes, cornerstoneVolumeId)}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => clearMeasurements()} title="Remove all measurements (Delete)">
        Clear
      </button>
    </div>
  );
}
