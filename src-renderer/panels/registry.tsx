// The analysis panels, in tab order. Each capability replaces its placeholder with its real panel (and drops
// `placeholder`); a new panel is one more entry. The app opens on the last tab chosen (see lastTab.ts).
import type { ReactNode } from 'react';
import { DirectionPanel } from './direction/DirectionPanel.js';
import { EigenPanel } from './eigen/EigenPanel.js';
import { FidelityPanel } from './fidelity/FidelityPanel.js';
import { JobsPanel } from './jobs/JobsPanel.js';
import { ModelsPanel } from './models/ModelsPanel.js';

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
    title: 'Projection fidelity',
    render: () => <FidelityPanel />,
  },
  {
    id: 'direction',
    title: 'Disease direction',
    render: () => <DirectionPanel />,
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
