// Loads the arrays one report row is drawn from (the original, the projected copy and its projection, from the
// result's targets.npy and projections.npy) and derives the signed difference and SSIM maps with the same analysis
// functions the report writer uses, so the panes and the report's numbers come from one computation.
import { useEffect, useState } from 'react';
import { differenceMap } from '../../../src-shared/analysis/differenceMap.js';
import type { DifferenceMap } from '../../../src-shared/analysis/differenceMap.js';
import { unit } from '../../../src-shared/analysis/fidelity.js';
import { ssim } from '../../../src-shared/analysis/ssim.js';
import { frameValues } from '../../../src-shared/api/pixels.js';
import { useClient } from '../../api/client.js';
import { errorText } from '../common/useApiData.js';

export interface CopyImages {
  width: number;
  height: number;
  original: Float32Array;
  input: Float32Array;
  projection: Float32Array;
  difference: DifferenceMap;
  ssimMap: Float64Array;
}

export type CopyImagesState = { status: 'loading' } | { status: 'ready'; images: CopyImages } | { status: 'error'; message: string };

export function useCopyImages(result: string, originalRow: number, row: number): CopyImagesState {
  const client = useClient();
  const [state, setState] = useState<CopyImagesState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    const load = (file: string, index: number) => client.call('pixels.result', { result, file, index });
    Promise.all([load('targets.npy', originalRow), load('targets.npy', row), load('projections.npy', row)])
      .then(([o, i, p]) => {
        const size = { width: o.geometry.columns, height: o.geometry.rows };
        const f32 = (f: typeof o): Float32Array => Float32Array.from(frameValues(f));
        const original = f32(o);
        const projection = f32(p);
        const images: CopyImages = {
          ...size,
          original,
          input: f32(i),
          projection,
          difference: differenceMap(unit(original, size), unit(projection, size)),
          ssimMap: ssim(unit(original, size), unit(projection, size), { variant: 'wang2004', dataRange: 1 }).map,
        };
        if (live) setState({ status: 'ready', images });
      })
      .catch((e: unknown) => live && setState({ status: 'error', message: `Cannot load the images of result ${result}: ${errorText(e)}` }));
    return () => {
      live = false;
    };
  }, [client, result, originalRow, row]);
  return state;
}
