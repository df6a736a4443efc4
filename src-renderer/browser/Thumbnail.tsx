// A small preview of a series, volume or image, drawn from the pixel service into a 2D canvas (no Cornerstone:
// dozens of thumbnails must stay cheap). Loaded only when scrolled into view, two at a time.
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { PixelFrame } from '../../src-shared/api/pixels.js';
import type { LatentRadClient } from '../../src-shared/api/contract.js';
import { useClient } from '../api/client.js';
import { displayPixels } from '../viewer/pixels.js';
import { thumbFailure } from './rowText.js';

export type ThumbSource = { kind: 'series'; id: string } | { kind: 'volume'; id: string; slices: number } | { kind: 'image'; id: string };

const size = 56;
let running = 0;
const queue: (() => void)[] = [];
function limited<T>(task: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const start = (): void => {
      running++;
      task()
        .then(resolve, reject)
        .finally(() => {
          running--;
          queue.shift()?.();
        });
    };
    if (running < 2) start();
    else queue.push(start);
  });
}

async function fetchThumb(client: LatentRadClient, source: ThumbSource): Promise<PixelFrame> {
  if (source.kind === 'image') return client.call('pixels.image', { imageId: source.id });
  if (source.kind === 'volume') return client.call('pixels.slice', { volumeId: source.id, axis: 'z', index: Math.floor(source.slices / 2) });
  const { rows } = await client.call('catalog.listInstances', { parent: source.id, limit: 100_000 });
  const shown = rows.filter((r) => r.displayable).sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));
  const middle = shown[Math.floor(shown.length / 2)];
  if (!middle) throw new Error('no displayable image');
  return client.call('pixels.frame', { instanceId: middle.id, frame: Math.floor(middle.frames / 2) });
}

function draw(canvas: HTMLCanvasElement, frame: PixelFrame): void {
  // Through the file's VOI LUT when it has one, as the pane shows it.
  const { pixels, window } = displayPixels(frame);
  const { rows, columns } = frame.geometry;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const scale = Math.min(size / columns, size / rows);
  const w = Math.max(1, Math.round(columns * scale));
  const h = Math.max(1, Math.round(rows * scale));
  const out = ctx.createImageData(w, h);
  const lower = window.center - window.width / 2;
  const spp = frame.samplesPerPixel;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(rows - 1, Math.floor(y / scale));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(columns - 1, Math.floor(x / scale));
      const o = (y * w + x) * 4;
      const s = (sy * columns + sx) * spp;
      if (spp === 3) {
        out.data[o] = pixels[s];
        out.data[o + 1] = pixels[s + 1];
        out.data[o + 2] = pixels[s + 2];
      } else {
        let v = ((pixels[s] - lower) / window.width) * 255;
        if (frame.invert) v = 255 - v;
        out.data[o] = out.data[o + 1] = out.data[o + 2] = v;
      }
      out.data[o + 3] = 255;
    }
  }
  ctx.clearRect(0, 0, size, size);
  ctx.putImageData(out, Math.floor((size - w) / 2), Math.floor((size - h) / 2));
}

export function Thumbnail({ source }: { source: ThumbSource }): ReactNode {
  const client = useClient();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // The source object is recreated on each render: depend on what identifies it, not on the object.
  const { kind, id } = source;
  const slices = source.kind === 'volume' ? source.slices : 0;

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let cancelled = false;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      const what: ThumbSource = kind === 'volume' ? { kind, id, slices } : { kind, id };
      limited(() => fetchThumb(client, what))
        .then((frame) => !cancelled && draw(el, frame))
        .catch((e: unknown) => !cancelled && setFailed(e instanceof Error ? e.message : String(e)));
    });
    observer.observe(el);
    return () => {
      cancelled = true;
      observer.disconnect();
    };
  }, [client, kind, id, slices]);

  // A preview that cannot be drawn says why (a file missing since import, say) instead of staying a black square.
  return (
    <span className="thumb-box">
      <canvas ref={canvas} className="thumb" width={size} height={size} aria-hidden="true" hidden={failed !== null} />
      {failed !== null && (
        <span className="thumb thumb-failed" data-testid="thumb-failed" title={failed}>
          {thumbFailure(failed)}
        </span>
      )}
    </span>
  );
}
