// Catalogued DICOM series as dataset inputs, read through the pixel service: a regular grey stack becomes a RAS+
// volume (sliced like NIfTI); anything else (single frames, irregular stacks, colour) gives its frames as 2D planes.
import type { PixelFrame } from '../../src-shared/api/pixels.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { frameValues } from '../../src-shared/api/pixels.js';
import type { PixelService } from '../pixels/service.js';
import { luminance } from '../../src-shared/imaging/convert.js';
import type { Plane, SeriesContent } from './sources.js';
import { volumeFromLpsGrid } from './volume.js';

/**
 * MONOCHROME1 stores dense tissue dark; flipping within the value range shows it as the viewer does (bright =
 * dense) and keeps the values in their range, so padding and the foreground rule still see the background as low.
 */
function invertInRange(data: Float32Array): Float32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return data.map((v) => min + max - v);
}

/** A decoded frame as a grey plane in modality units, with its pixel spacing (1 mm when the file states none). */
export function planeOf(f: PixelFrame): Plane {
  const { rows, columns, pixelSpacing } = f.geometry;
  const grey = luminance(frameValues(f), rows * columns, f.samplesPerPixel);
  return { data: f.invert ? invertInRange(grey) : grey, width: columns, height: rows, pixelWidth: pixelSpacing?.[1] ?? 1, pixelHeight: pixelSpacing?.[0] ?? 1 };
}

export async function readSeries(pixels: PixelService, series: { id: string; modality: string | null; displayable: boolean }): Promise<SeriesContent> {
  if (!series.displayable) throw new ApiError('bad_input', `not an image series (modality ${series.modality ?? 'unknown'}): nothing to slice`);
  const info = await pixels.volumeInfo(series.id);
  // A failing first frame only rules out the volume path; the frame loop below reports it.
  const first = await pixels.frame(info.slices[0].instanceId, info.slices[0].frame).catch(() => null);
  // A volume needs at least two frames on a regular grid: a single frame (CR, DX, MG, one CT slice) is an image.
  if (first && first.samplesPerPixel === 1 && info.consistent && info.slices.length >= 2) {
    const grid = await pixels.seriesVolume(series.id);
    // `grid.data` is the pixel service's cached stack: the inversion copies, nothing here writes into it.
    return { kind: 'volume', volume: volumeFromLpsGrid({ ...grid, data: first.invert ? invertInRange(grid.data) : grid.data }) };
  }
  const planes: Extract<SeriesContent, { kind: 'planes' }>['planes'] = [];
  const skipped: Extract<SeriesContent, { kind: 'planes' }>['skipped'] = [];
  for (const [n, s] of info.slices.entries()) {
    try {
      const f = n === 0 && first ? first : await pixels.frame(s.instanceId, s.frame);
      planes.push({ plane: planeOf(f), source: s.instanceId, slice: f.numberOfFrames > 1 ? s.frame : null });
    } catch (error) {
      // One undecodable frame (an unsupported codec, a truncated file) costs that frame, not the series. The pixel
      // service's message already names the file and the frame.
      skipped.push({ path: s.instanceId, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { kind: 'planes', planes, skipped };
}
