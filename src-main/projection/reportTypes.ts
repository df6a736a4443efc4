// The fidelity report's shape (report.json): defined once in the shared contract (src-shared/api/fidelityReport.ts).
export type { FidelityReport, ReportRow } from '../../src-shared/api/fidelityReport.js';
