// The analysis panels, in tab order. Each capability replaces its placeholder with its real panel.
import type { ReactNode } from 'react';
import { JobsPanel } from './jobs/JobsPanel.js';
import { ModelsPanel } from './models/ModelsPanel.js';
import { NotAvailable } from './NotAvailable.js';

export interface PanelEntry {
  id: string;
  title: string;
  render: () => ReactNode;
}

export const panels: readonly PanelEntry[] = [
  {
    id: 'projection',
    title: 'Projection fidelity',
    render: () => (
      <NotAvailable what="Invert an image into the generator's latent space and report SSIM/MSE and difference maps, also under noise, salt-and-pepper, inpainting and blur." needs="a generator model and the projection engine" />
    ),
  },
  {
    id: 'direction',
    title: 'Disease direction',
    render: () => (
      <NotAvailable what="Find a disease direction from labelled cohorts (SVM, LDA, mean difference or an edit pair) and synthesise a progression series along it." needs="a generator model and latent codes of labelled images" />
    ),
  },
  {
    id: 'eigen',
    title: 'Eigencomponents',
    render: () => (
      <NotAvailable what="Eigendecompose a synthesised progression series and show its eigenvectors and component maps next to plain subtraction." needs="an edit series from the Disease direction panel" />
    ),
  },
  {
    id: 'models',
    title: 'Models & training',
    render: () => <ModelsPanel />,
  },
  {
    id: 'jobs',
    title: 'Jobs',
    render: () => <JobsPanel />,
  },
];
