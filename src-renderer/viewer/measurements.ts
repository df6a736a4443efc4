// Reads the measurements Cornerstone's tools computed (length, angle, ROI mean/SD/area) into plain rows for
// the measurement list, so values can be read (and copied) without hovering over the image.
import { annotation, Enums as ToolEnums, utilities as toolUtilities } from '@cornerstonejs/tools';
import type { Types as ToolTypes } from '@cornerstonejs/tools';
import { eventTarget } from '@cornerstonejs/core';
import { isAccidentalLength } from './lengthRule.js';
import type { MeasurementReference } from './measurementPlace.js';

export interface MeasurementRow {
  uid: string;
  tool: string;
  text: string;
  /** Numeric value in the row's main unit (mm for lengths, degrees for angles, mean for ROIs). */
  value: number | null;
  unit: string;
  /** Where it was drawn (image id, or volume, plane and slice), for naming the image in the list. */
  reference: MeasurementReference;
}

type Stats = Record<string, number | string | null | undefined>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fmt = (v: number | null, digits = 1): string => (v === null ? '—' : v.toFixed(digits));

export function currentMeasurements(): MeasurementRow[] {
  const rows: MeasurementRow[] = [];
  for (const a of annotation.state.getAllAnnotations()) {
    const toolName = a.metadata?.toolName ?? 'Measurement';
    const all = (a.data as { cachedStats?: Record<string, Stats> }).cachedStats ?? {};
    const stats = Object.values(all)[0];
    if (!stats) continue;
    const uid = a.annotationUID ?? `${toolName}-${rows.length}`;
    const { referencedImageId, volumeId, viewPlaneNormal, sliceIndex } = a.metadata ?? {};
    const reference: MeasurementReference = { referencedImageId, volumeId, viewPlaneNormal, sliceIndex };
    // A length still at its first click (no drag yet) is not listed as a 0.00 mm measurement.
    if (toolName === 'Length' && isAccidentalLength(handlePoints(a))) continue;
    if (toolName === 'Length') {
      const length = num(stats.length);
      const unit = String(stats.unit ?? 'mm');
      rows.push({ uid, tool: 'Length', text: `${fmt(length, 2)} ${unit}`, value: length, unit, reference });
    } else if (toolName === 'Angle') {
      const angle = num(stats.angle);
      rows.push({ uid, tool: 'Angle', text: `${fmt(angle)}°`, value: angle, unit: '°', reference });
    } else {
      const mean = num(stats.mean);
      const sd = num(stats.stdDev);
      const area = num(stats.area);
      const modalityUnit = String(stats.modalityUnit ?? '');
      const areaUnit = String(stats.areaUnit ?? 'mm²');
      rows.push({
        uid,
        tool: toolName === 'EllipticalROI' ? 'Ellipse' : toolName === 'RectangleROI' ? 'Rectangle' : toolName,
        text: `mean ${fmt(mean)} ${modalityUnit} · SD ${fmt(sd)} · area ${fmt(area)} ${areaUnit}`.replace(/\s+/g, ' '),
        value: mean,
        unit: modalityUnit,
        reference,
      });
    }
  }
  return rows;
}

function handlePoints(a: ToolTypes.Annotation): ReadonlyArray<ReadonlyArray<number>> {
  return (a.data as { handles?: { points?: number[][] } }).handles?.points ?? [];
}

/**
 * Removes a Length annotation completed without a drag (a click, a double click, or a tool switch right after the
 * first click): Cornerstone would otherwise keep a 0-px measurement. Installed once, with the tools of `toolGroupId`.
 */
export function dropAccidentalLengths(toolGroupId: string): void {
  eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, (event: Event) => {
    const completed = (event as CustomEvent<{ annotation?: ToolTypes.Annotation }>).detail?.annotation;
    if (!completed?.annotationUID || completed.metadata?.toolName !== 'Length' || !isAccidentalLength(handlePoints(completed))) return;
    annotation.state.removeAnnotation(completed.annotationUID);
    toolUtilities.triggerAnnotationRenderForToolGroupIds([toolGroupId]);
  });
}

/** Calls `listener` whenever a measurement is added, changed or removed. */
export function onMeasurementsChanged(listener: () => void): () => void {
  const events = [ToolEnums.Events.ANNOTATION_COMPLETED, ToolEnums.Events.ANNOTATION_MODIFIED, ToolEnums.Events.ANNOTATION_REMOVED];
  for (const e of events) eventTarget.addEventListener(e, listener);
  return () => {
    for (const e of events) eventTarget.removeEventListener(e, listener);
  };
}

export function clearMeasurements(): void {
  annotation.state.removeAllAnnotations();
}
