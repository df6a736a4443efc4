// The synthetic-image rule: any image produced by a generator carries a persistent marker in the viewport.
// It is decided from the pixel service's `provenance`, per image, so no display path can omit it.

export const syntheticMarkerText = 'SYNTHETIC — not for diagnosis';

export type ProvenanceValue = 'acquired' | 'synthetic';

/** True when a viewport showing these images must carry the marker (any one synthetic image is enough). */
export function needsSyntheticMarker(provenances: Iterable<ProvenanceValue | undefined>): boolean {
  for (const p of provenances) if (p === 'synthetic') return true;
  return false;
}
