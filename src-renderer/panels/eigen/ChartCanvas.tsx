// A Chart.js chart on a canvas, rebuilt when its configuration changes (charts come from the library, never hand-drawn).
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Chart, registerables } from 'chart.js';
import type { ChartConfiguration } from 'chart.js';

Chart.register(...registerables);

export function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }): ReactNode {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, { ...config, options: { animation: false, maintainAspectRatio: false, ...config.options } });
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart-box" style={{ position: 'relative', height: 240 }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
