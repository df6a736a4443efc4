// The fidelity panel's request form: the image of the active viewport (or a slice range of its volume), the model,
// W/W+, steps and noise mode, the perturbation suite and an optional lesion (synthetic, or the ROI drawn in the viewer).
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ModelSummary } from '../../../src-shared/api/models.js';
import type { InversionMethod } from '../../../src-shared/api/projectionSettings.js';
import type { FidelityInput, Lesion } from '../../../src-shared/api/projection.js';
import type { z } from 'zod';
import type { fidelityInputSchema } from '../../../src-shared/api/projection.js';
import { getEnabledElements, metaData } from '@cornerstonejs/core';
import { useViewerState } from '../../viewer/store.js';
import { orientationAxis, parseNumberList, perturbationsOf, sourceOfDisplay } from './fidelityRequest.js';
import type { Axis, PerturbationForm } from './fidelityRequest.js';
import { roisOn } from '../../viewer/roiAnnotations.js';
import { regionLesion } from './viewerRegion.js';
import { FormError } from '../common/FormError.js';
import type { Job } from '../../../src-shared/api/jobs.js';
import { calibrationFor, estimateShort, estimateText } from './estimate.js';
import type { RunSize } from './estimate.js';

export type FidelityRequest = z.input<typeof fidelityInputSchema> & Pick<FidelityInput, 'model'>;

/** The image the active pane shows now (stacks only; volumes are addressed by axis and slice). */
function currentImageId(pane: number): string | undefined {
  const element = getEnabledElements().find((e) => e.viewportId.startsWith(`pane-${pane}-`));
  const viewport = element?.viewport as { getCurrentImageId?: () => string | undefined } | undefined;
  return viewport?.getCurrentImageId?.();
}

/** The lesion for the last ROI drawn in the viewer on the image the active pane shows, or why there is none. */
function viewerLesion(imageId: string | undefined): ReturnType<typeof regionLesion> {
  if (!imageId) return { reason: 'A viewer ROI works on a 2D image or a DICOM frame shown in a stack pane; this pane shows a volume.' };
  const pixel = metaData.get('imagePixelModule', imageId) as { rows?: number; columns?: number } | undefined;
  if (!pixel?.rows || !pixel.columns) return { reason: `The size of the shown image (${imageId}) is not known yet; wait until it is displayed.` };
  return regionLesion(roisOn(imageId), pixel.columns, pixel.rows);
}

export function FidelityForm({ models, busy, onRun, jobs }: { models: ModelSummary[]; busy: boolean; onRun: (request: FidelityRequest, label: string) => void; jobs: readonly Job[] }): ReactNode {
  const viewer = useViewerState();
  const display = viewer.panes[viewer.active] ?? null;
  const [model, setModel] = useState('');
  const [space, setSpace] = useState<'w' | 'wplus'>('wplus');
  const [noise, setNoise] = useState<'optimise' | 'const'>('optimise');
  const [steps, setSteps] = useState('1000');
  const [method, setMethod] = useState<InversionMethod>('project');
  const [axis, setAxis] = useState<Axis | ''>('');
  const [slice, setSlice] = useState('');
  const [range, setRange] = useState('');
  const [perturb, setPerturb] = useState<PerturbationForm>({ gaussian: '', saltPepper: '', blur: '', inpaint: '' });
  const [lesion, setLesion] = useState('');
  const [useRoi, setUseRoi] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosenModel = model || models[0]?.id || '';
  const encoder = models.find((m) => m.id === chosenModel)?.encoders[0];
  // An encoder method needs an encoder of the chosen model; without one the form falls back to projection.
  const chosenMethod: InversionMethod = encoder ? method : 'project';

  const runSize = ((): RunSize | null => {
    // Before a run: the measured rate of this model on this machine × images × steps (nothing shown for bad input).
    const stepCount = chosenMethod === 'encode' ? 0 : Number(steps);
    if (!Number.isInteger(stepCount) || stepCount < 0) return null;
    let copies: number;
    try {
      copies = perturbationsOf(perturb).length;
    } catch {
      return null;
    }
    const originals = display?.kind === 'volume' && range.trim() !== '' ? null : 1;
    return { originals, imagesPerOriginal: 1 + copies + (!useRoi && lesion.trim() ? 1 : 0), steps: stepCount };
  })();
  const calibration = calibrationFor(jobs, chosenModel);
  const estimate = runSize ? estimateText(calibration, runSize) : '';
  const stepsEstimate = runSize ? estimateShort(calibration, runSize) : '';

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    setError(null);
    try {
      const defaultAxis = display?.kind === 'volume' ? orientationAxis[display.orientation] : 'z';
      const rangeList = parseNumberList(range, 'Slice range', (v) => v >= 0 && v <= 1, 'a fraction of the axis in [0, 1]');
      if (rangeList.length !== 0 && rangeList.length !== 2) throw new Error(`Slice range: give two fractions like "0.4, 0.6", not "${range}"`);
      const sliceList = parseNumberList(slice, 'Slice', (v) => Number.isInteger(v) && v >= 0, 'a slice index (0, 1, 2 …)');
      const picked = sourceOfDisplay(display, display?.kind === 'stack' ? currentImageId(viewer.active) : undefined, {
        axis: axis || defaultAxis,
        slice: sliceList[0] ?? null,
        range: rangeList.length === 2 ? [rangeList[0], rangeList[1]] : null,
      });
      if ('reason' in picked) throw new Error(picked.reason);
      const stepCount = parseNumberList(steps, 'Steps', (v) => Number.isInteger(v) && v >= 1 && v <= 100_000, 'a whole number from 1 to 100000');
      if (stepCount.length !== 1) throw new Error('Steps: give one number of optimisation steps');
      let lesionSpec: Lesion | undefined;
      if (useRoi) {
        if (lesion.trim()) throw new Error('Lesion: use either the viewer ROI or a synthetic lesion, not both.');
        const region = viewerLesion(display?.kind === 'stack' ? currentImageId(viewer.active) : undefined);
        if ('reason' in region) throw new Error(region.reason);
        lesionSpec = region.lesion;
      } else if (lesion.trim()) {
        const l = parseNumberList(lesion, 'Synthetic lesion', Number.isFinite, 'a number');
        if (l.length !== 4 || l[2] <= 0) throw new Error(`Synthetic lesion: give x, y, radius (> 0) and contrast, e.g. "32, 30, 5, 0.6", not "${lesion}"`);
        lesionSpec = { kind: 'synthetic', x: l[0], y: l[1], r: l[2], contrast: l[3] };
      }
      if (!chosenModel) throw new Error('No generator model: import or train one in Models & training.');
      onRun(
        {
          model: chosenModel,
          source: picked.source,
          settings: { space, noise, steps: stepCount[0] },
          method: chosenMethod,
          perturbations: perturbationsOf(perturb),
          ...(lesionSpec ? { lesion: lesionSpec } : {}),
        },
        picked.label,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const field = (key: keyof PerturbationForm, label: string, placeholder: string): ReactNode => (
    <label className="fidelity-field">
      {label}
      <input value={perturb[key]} placeholder={placeholder} onChange={(e) => setPerturb({ ...perturb, [key]: e.target.value })} />
    </label>
  );

  return (
    <form className="path-form" onSubmit={onSubmit} aria-label="Fidelity request" data-testid="fidelity-form">
      <p className="muted" data-testid="fidelity-source">
        Image: {display ? `${display.patient || display.title}${display.kind === 'volume' ? ` (${display.orientation})` : ''} — the active viewport` : 'none open in the viewer'}
      </p>
      {display?.kind === 'volume' && (
        <div className="fidelity-row">
          <label className="fidelity-field">
            Axis
            <select value={axis || orientationAxis[display.orientation]} onChange={(e) => setAxis(e.target.value as Axis)}>
              <option value="z">z (axial)</option>
              <option value="y">y (coronal)</option>
              <option value="x">x (sagittal)</option>
            </select>
          </label>
          <label className="fidelity-field">
            Slice (empty = middle)
            <input value={slice} onChange={(e) => setSlice(e.target.value)} inputMode="numeric" placeholder="middle" />
          </label>
          <label className="fidelity-field">
            or slice range (fractions)
            <input value={range} onChange={(e) => setRange(e.target.value)} placeholder="0.45, 0.55" />
          </label>
        </div>
      )}
      <div className="fidelity-row">
        <label className="fidelity-field">
          Model
          <select value={chosenModel} onChange={(e) => setModel(e.target.value)}>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.resolution} px)
              </option>
            ))}
          </select>
        </label>
        <label className="fidelity-field">
          Method
          <select value={chosenMethod} onChange={(e) => setMethod(e.target.value as InversionMethod)}>
            <option value="project">optimisation (projection from w_avg)</option>
            <option value="encode" disabled={!encoder}>
              encoder (one pass{encoder ? `, ${encoder.name}` : ': the model has none'})
            </option>
            <option value="encode+refine" disabled={!encoder}>
              encoder + refinement (Steps from its codes)
            </option>
          </select>
        </label>
        <label className="fidelity-field">
          Latent space
          <select value={chosenMethod === 'project' ? space : (encoder?.space ?? space)} disabled={chosenMethod !== 'project'} onChange={(e) => setSpace(e.target.value as 'w' | 'wplus')}>
            <option value="wplus">W+ (one w per layer)</option>
            <option value="w">W (one w, NVlabs)</option>
          </select>
        </label>
        <label className="fidelity-field">
          <span>
            Steps
            {/* A glance at the time beside the field (the full estimate line is below the form); the field's name stays "Steps". */}
            {stepsEstimate && (
              <span className="fidelity-steps-estimate" data-testid="fidelity-steps-estimate" title={estimate}>
                {stepsEstimate}
              </span>
            )}
          </span>
          <input aria-label="Steps" value={steps} onChange={(e) => setSteps(e.target.value)} inputMode="numeric" disabled={chosenMethod === 'encode'} />
        </label>
        <label className="fidelity-field">
          Noise
          <select value={chosenMethod === 'project' ? noise : 'const'} disabled={chosenMethod !== 'project'} onChange={(e) => setNoise(e.target.value as 'optimise' | 'const')}>
            <option value="optimise">optimised (kept with the result)</option>
            <option value="const">constant (NVlabs generate.py reproduces it)</option>
          </select>
        </label>
      </div>
      <fieldset className="fidelity-fieldset">
        <legend>Perturbations (on the model&apos;s [−1, 1] scale; empty = none)</legend>
        {field('gaussian', 'Gaussian noise σ list', '0.05, 0.1')}
        {field('saltPepper', 'Salt-and-pepper fractions', '0.02')}
        {field('blur', 'Blur σ list (px)', '1, 2')}
        {field('inpaint', 'Inpaint rectangle x, y, w, h (px)', '20, 20, 12, 12')}
      </fieldset>
      <label className="fidelity-field">
        Synthetic lesion x, y, r (px), contrast (empty = none)
        <input value={lesion} onChange={(e) => setLesion(e.target.value)} placeholder="32, 30, 5, 0.6" />
      </label>
      <label className="fidelity-check">
        <input type="checkbox" checked={useRoi} onChange={(e) => setUseRoi(e.target.checked)} data-testid="fidelity-use-roi" />
        Use the viewer ROI as the lesion mask (the last Ellipse or Rectangle drawn on the shown image)
      </label>
      <button type="submit" disabled={busy || models.length === 0}>
        {busy ? 'Starting…' : 'Project and report'}
      </button>
      {estimate && (
        <p className="muted" data-testid="fidelity-estimate">
          {estimate}
        </p>
      )}
      <FormError message={error} />
    </form>
  );
}
