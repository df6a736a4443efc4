// The quality curve's Chart.js configuration: one definition for the Models panel and the PNG in a model's README
// (scripts/model-quality-curve.ts draws it with the same library in headless Chromium).
import type { ChartConfiguration } from 'chart.js';
import type { QualityFile } from '../../../src-shared/api/modelQuality.js';

export function qualityChartConfig(file: QualityFile): ChartConfiguration {
  const points = [...file.points].sort((a, b) => a.kimg - b.kimg);
  return {
    type: 'line',
    data: {
      datasets: [
        { label: 'SWD ×10³ (mean of levels, lower is better)', data: points.map((p) => ({ x: p.kimg, y: p.swdMean })), borderColor: '#d62728', backgroundColor: '#d62728', yAxisID: 'swd' },
        { label: 'held-out SSIM (W+, higher is better)', data: points.map((p) => ({ x: p.kimg, y: p.ssimMean })), borderColor: '#1f77b4', backgroundColor: '#1f77b4', yAxisID: 'ssim' },
      ],
    },
    options: {
      scales: {
        x: { type: 'linear', title: { display: true, text: 'kimg (thousands of real images shown)' } },
        swd: { type: 'linear', position: 'left', title: { display: true, text: 'SWD ×10³' } },
        ssim: { type: 'linear', position: 'right', title: { display: true, text: 'SSIM' }, grid: { drawOnChartArea: false } },
      },
    },
  };
}
