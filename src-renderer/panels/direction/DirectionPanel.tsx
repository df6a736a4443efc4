// The Disease direction panel, in the order of the work: 1. a cohort (two groups of the catalog, their codes as a
// job; or the linked edit pairs as its two groups), 2. the direction with its separability report, 3. "Edit patient"
// (an edit series viewed beside the original and exported, every image marked SYNTHETIC). Each step appears once the
// previous one has a result.
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { CohortBuilt, FindOutput } from '../../../src-shared/api/direction.js';
import { editPairLabel, isPairCohort } from '../../../src-shared/catalog/editPairs.js';
import { CohortBuilder } from './CohortBuilder.js';
import type { CohortPreset } from './CohortBuilder.js';
import { EditPairs } from './EditPairs.js';
import { DirectionForm, Report } from './DirectionReport.js';
import { EditPatient } from './EditPatient.js';

interface Cohort {
  built: CohortBuilt;
  model: string;
  columns: string[];
}

export function DirectionPanel(): ReactNode {
  const [cohort, setCohort] = useState<Cohort | null>(null);
  const [direction, setDirection] = useState<FindOutput | null>(null);
  const [preset, setPreset] = useState<CohortPreset | null>(null);
  return (
    <div className="panel-stack" data-testid="direction-panel">
      <EditPairs onUse={(entities) => setPreset((p) => ({ n: (p?.n ?? 0) + 1, entities, key: editPairLabel, a: 'original', b: 'edited' }))} />
      <CohortBuilder
        preset={preset}
        onBuilt={(built, model) => {
          setCohort({ built, model, columns: built.confounders });
          setDirection(null);
        }}
      />
      {cohort && (
        <section aria-label="Direction" data-testid="direction-step">
          <h3>2. Direction</h3>
          <p className="muted" data-testid="cohort-done">
            Cohort {cohort.built.result}: {cohort.built.groups.map((g) => `group ${g.name} (${g.terms.join(' ')}) ${g.codes} codes of ${g.subjects} subjects`).join(', ')}; {cohort.built.reused} codes reused from the cache,{' '}
            {cohort.built.projected} projected.
          </p>
          <DirectionForm key={cohort.built.result} cohort={cohort.built.result} columns={cohort.columns} pairs={isPairCohort(cohort.built.groups)} onFound={setDirection} />
          {direction && <Report out={direction} />}
        </section>
      )}
      {cohort && direction && <EditPatient key={direction.result.id} model={cohort.model} direction={direction} cohort={cohort.built.result} />}
    </div>
  );
}
