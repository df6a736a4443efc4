// Which image a measurement belongs to, in the words the pane overlay uses ("site-b/T1.nii.gz · axial Im 45"), so a list
// of measurements over several panes, planes or images says where each one was taken.

/** The part of a Cornerstone annotation's metadata (its view reference) that says where it was drawn. */
export interface MeasurementReference {
  referencedImageId?: string;
  volumeId?: string;
  viewPlaneNormal?: ArrayLike<number>;
  sliceIndex?: number;
}

type Orientation = 'axial' | 'sagittal' | 'coronal';

/** What of a pane's display set names its images (a structural part of store.ts's DisplaySet, kept free of React). */
export type PlacedDisplay =
  | { kind: 'stack'; title: string; imageIds: readonly string[]; captions?: readonly string[] }
  | { kind: 'volume'; title: string; fileName?: string; sourceId: string; orientation: Orientation };

/** The plane a volume view's normal points along (world x → sagittal, y → coronal, z → axial). */
function orientationOf(normal: ArrayLike<number> | undefined): Orientation | null {
  if (!normal || normal.length < 3) return null;
  const magnitudes = [0, 1, 2].map((i) => Math.abs(normal[i]));
  const axis = magnitudes.indexOf(Math.max(...magnitudes));
  return (['sagittal', 'coronal', 'axial'] as const)[axis];
}

/** A 2D image set's caption starts with its file name (rowText.imageCaption): that is the image's name here. */
const fileOf = (caption: string | undefined): string | undefined => caption?.split(' · ')[0];

/**
 * Names the image of a measurement among the displays open now; `volumeIdOf` maps a display's source to the
 * Cornerstone volume id it was loaded under. An image no longer shown is said to be so (the value stays valid).
 */
export function measurementPlace(ref: MeasurementReference, panes: ReadonlyArray<PlacedDisplay | null>, volumeIdOf: (sourceId: string) => string): string {
  if (ref.referencedImageId) {
    for (const display of panes) {
      if (display?.kind !== 'stack') continue;
      const index = display.imageIds.indexOf(ref.referencedImageId);
      if (index < 0) continue;
      const file = fileOf(display.captions?.[index]);
      return file ? `${file} (Im ${index + 1}/${display.imageIds.length})` : `${display.title} · Im ${index + 1}/${display.imageIds.length}`;
    }
  }
  if (ref.volumeId) {
    const orientation = orientationOf(ref.viewPlaneNormal);
    const planes = panes.filter((d): d is Extract<PlacedDisplay, { kind: 'volume' }> => d?.kind === 'volume' && volumeIdOf(d.sourceId) === ref.volumeId);
    const display = planes.find((d) => d.orientation === orientation) ?? planes[0];
    if (display) {
      const slice = typeof ref.sliceIndex === 'number' ? ` Im ${ref.sliceIndex + 1}` : '';
      return `${display.fileName ?? display.title} · ${orientation ?? display.orientation}${slice}`;
    }
  }
  return 'an image no longer shown';
}
