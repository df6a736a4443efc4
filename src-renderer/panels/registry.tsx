// The analysis panels, in tab order. Each capability replaces its placeholder with its real panel (and drops
// `placeholder`); a new panel is one more entry. The app opens on the last tab chosen (see lastTab.ts).
import type { ReactNode } from 'react';
import { EigenPanel } from './eigen/EigenPanel.js';
import { JobsPanel } from './jobs/JobsPanel.js';
import { ModelsPanel } from './models/ModelsPanel.js';
import { NotAvailable } from './NotAvailable.js';

export interface PanelEntry {
  id: string;
  title: string;
  /** True while the entry is a "Not available yet" placeholder: the app never opens on it by itself. */
  placeholder?: boolean;
  /** True for the panel a first start opens on (it works on an empty data directory). */
  start?: boolean;
  render: () => ReactNode;
}

export const panels: readonly PanelEntry[] = [
  {
    id: 'projection',
    placeholder: true,
    title: 'Projection fidelity',
    render: () => (
      <NotAvailable what="Invert an image into the generator's latent space and report SSIM/MSE and difference maps, also under noise, salt-and-pepper, inpainting and blur." needs="a generator model and the projection engine" />
    ),
  },
  {
    id: 'direction',
    placeholder: true,
    title: 'Disease direction',
    render: () => (
      <NotAvailable what="Find a disease direction from labelled cohorts (SVM, LDA, mean difference or an edit pair) and synthesise a progression series along it." needs="a generator model and latent codes of labelled images" />
    ),
  },
  {
    id: 'eigen',
    title: 'Eigencomponents',
    render: () => <EigenPanel />,
  },
  {
    id: 'models',
    start: true,
    title: 'Models & training',
    render: () => <ModelsPanel />,
  },
  {
    id: 'jobs',
    title: 'Jobs',
    render: () => <JobsPanel />,
  },
];
