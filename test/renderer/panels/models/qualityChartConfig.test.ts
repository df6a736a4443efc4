// Proves the quality chart plots SWD (left axis) and held-out SSIM (right axis) against kimg, in kimg order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { qualityChartConfig } from '../../../../src-renderer/panels/models/qualityChartConfig.js';
import type { QualityPoint } from '../../../../src-shared/api/modelQuality.js';

const point = (kimg: number, swdMean: number, ssimMean: number): QualityPoint => ({
  kimg, swdLevels: [{ resolution: 64, swd: swdMean }], swdMean, swdImages: 500, ssimMean, ssimMin: ssimMean, ssimMax: ssimMean, mseMean: 0.01, holdoutImages: 8, steps: 200,
});

test('SWD on the left axis and SSIM on the right, both over kimg in order', () => {
  const config = qualityChartConfig({ format: 'latentrad-quality', formatVersion: 1, protocol: 'p', points: [point(4, 30, 0.6), point(2, 50, 0.5)] });
  const [swd, ssim] = config.data.datasets;
  assert.deepEqual(swd.data, [{ x: 2, y: 50 }, { x: 4, y: 30 }]);
  assert.deepEqual(ssim.data, [{ x: 2, y: 0.5 }, { x: 4, y: 0.6 }]);
  assert.deepEqual([(swd as { yAxisID?: string }).yAxisID, (ssim as { yAxisID?: string }).yAxisID], ['swd', 'ssim']);
  const scales = config.options?.scales as Record<string, { position?: string; type?: string }>;
  assert.deepEqual([scales.x.type, scales.swd.position, scales.ssim.position], ['linear', 'left', 'right']);
});
