// The Models & training panel: the generators available to the analyses (with sample previews and Generate),
// building datasets and training new ones.
import type { ReactNode } from 'react';
import { GenerateForm } from './GenerateForm.js';
import { ModelsList } from './ModelsList.js';
import { NewDatasetForm } from './NewDatasetForm.js';
import { TrainForm } from './TrainForm.js';

export function ModelsPanel(): ReactNode {
  return (
    <div className="panel-stack" data-testid="models-panel">
      <ModelsList />
      <GenerateForm />
      <NewDatasetForm />
      <TrainForm />
    </div>
  );
}
