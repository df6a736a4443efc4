// A grid of generated images (a `generate` result's images.npy, image by image through pixels.result), each marked
// SYNTHETIC because every one of them is generator output.
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { frameValues } from '../../../src-shared/api/pixels.js';
import type { PixelFrame } from '../../../src-shared/api/pixels.js';
import { useClient } from '../../api/client.js';
import { errorText } from '../common/useApiData.js';
import { generatedRgba } from './generatedRgba.js';

/** Grey image on the model's [−1, 1] scale (−1 black, +1 white); pixels.result serves the first channel. */
function toRgba(frame: PixelFrame): ImageData {
  const width = frame.geometry.columns;
  const height = frame.geometry.rows;
  return new ImageData(generatedRgba(frameValues(frame), width, height), width, height);
}

function Tile({ result, index, label }: { result: string; index: number; label: string }): ReactNode {
  const client = useClient();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    client
      .call('pixels.result', { result, file: 'images.npy', index })
      .then((frame) => {
        const el = canvas.current;
        if (!live || !el) return;
        const image = toRgba(frame);
        el.width = image.width;
        el.height = image.height;
        el.getContext('2d')?.putImageData(image, 0, 0);
      })
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [client, result, index]);
  return (
    <figure className="generated-tile" data-testid="generated-tile">
      <div className="tile-canvas">
        <canvas ref={canvas} role="img" aria-label={`${label} (SYNTHETIC — not for diagnosis)`} />
        <div className="synthetic-tag" role="note">
          SYNTHETIC
        </div>
      </div>
      <figcaption>{error ?? label}</figcaption>
    </figure>
  );
}

export function GeneratedGrid({ result, labels }: { result: string; labels: string[] }): ReactNode {
  return (
    <div className="generated-grid">
      {labels.map((label, i) => (
        <Tile key={`${result}-${i}`} result={result} index={i} label={label} />
      ))}
    </div>
  );
}
