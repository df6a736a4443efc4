// The component map over the SOURCE volume of a series cut from one volume: the catalog volume the slice positions
// came from, opened in the orientation they were cut along, with the map's planes placed in patient space (from the
// result's geometry.json, see src-main/eigen/placement.ts) so scrolling the volume shows each map at its slice.
import type { LatentRadClient } from '../../../src-shared/api/contract.js';
import type { EigenOutput } from '../../../src-shared/api/eigen.js';
import type { OverlayLayer } from '../../../src-shared/viewer/colourOverlay.js';
import { niftiViews } from '../../browser/openers.js';
import type { Orientation, VolumeDisplay } from '../../viewer/store.js';

/** The viewer orientation whose plane is a slice along a world (RAS) axis. */
export const orientationOfAxis: Record<'x' | 'y' | 'z', Orientation> = { x: 'sagittal', y: 'coronal', z: 'axial' };

/** Why the maps cannot be shown on a source volume, or null when they can. */
export function sourceUnavailable(out: EigenOutput): string | null {
  if (!out.placement) return 'the series was not cut from one volume (its SERIES.json names no volume, axis and slice per position)';
  if (!out.result.files.includes('geometry.json')) return 'the result has no geometry.json';
  return null;
}

/** The source volume as a viewer display of its own (a key apart from the browser's), marked when the map is synthetic-derived. */
export async function sourceVolumeDisplay(client: LatentRadClient, out: EigenOutput): Promise<VolumeDisplay> {
  const reason = sourceUnavailable(out);
  if (reason || !out.placement) throw new Error(`The maps cannot be shown on the source volume: ${reason ?? 'no placement'}.`);
  const { source, axis, slices } = out.placement;
  let id: string;
  try {
    id = (await client.call('catalog.resolve', { ref: source })).id;
  } catch {
    throw new Error(`The source volume ${source} is not in the catalog: import it (Open folder) to see the maps on it.`);
  }
  const { rows } = await client.call('catalog.listVolumes', { limit: 100_000 });
  const volume = rows.find((v) => v.id === id);
  if (!volume) throw new Error(`The source ${source} is in the catalog as ${id}, which is not a NIfTI volume.`);
  const orientation = orientationOfAxis[axis];
  const view = niftiViews(volume, volume.path.split(/[\\/]/).pop() ?? volume.path).find((v) => v.orientation === orientation);
  if (!view) throw new Error(`no ${orientation} view of ${id}`);
  return {
    ...view,
    key: `eigen:${out.result.id}:source:${orientation}`,
    title: `Source volume, map at slices ${slices.join(', ')}`,
    // The anatomy is acquired but the colours over it come from generated images: the pane says SYNTHETIC.
    provenance: out.synthetic ? 'synthetic' : view.provenance,
  };
}

/** The component layer as planes free of the α = 0 images, so the source volume's viewport picks them by position. */
export function untiedLayer(layer: OverlayLayer, synthetic: boolean): OverlayLayer {
  return {
    ...layer,
    planes: layer.planes.map(({ imageId: _tied, ...plane }) => plane),
    label: `${layer.label}${synthetic ? ', from a SYNTHETIC series' : ''}`,
  };
}
