// A model's quality curve as a Chart.js chart: SWD (left axis, lower is better) and held-out projection SSIM (right
// axis, higher is better) over kimg, from the quality.json shipped beside the model; nothing when it has none.
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { useApiData } from '../common/useApiData.js';
import { ChartCanvas } from '../eigen/ChartCanvas.js';
import { qualityChartConfig } from './qualityChartConfig.js';

export function QualityChart({ model }: { model: string }): ReactNode {
  const [data] = useApiData((c) => c.call('models.quality', { model }));
  const file = data.status === 'ready' ? data.value.quality : null;
  const config = useMemo(() => (file && file.points.length > 0 ? qualityChartConfig(file) : null), [file]);
  if (data.status === 'error') return <div className="status-error">Cannot read the quality curve: {data.message}</div>;
  if (!file || !config) return null;
  return (
    <details className="model-quality" data-testid="model-quality">
      <summary>Quality over training ({file.points.length} snapshot{file.points.length === 1 ? '' : 's'}, up to {Math.max(...file.points.map((p) => p.kimg))} kimg)</summary>
      <ChartCanvas config={config} label="SWD and held-out projection SSIM against kimg" />
      <p className="muted">{file.protocol}</p>
    </details>
  );
}
