// Handlers of the analysis methods (image comparison). Directions and eigencomponents have their own capabilities
// (src-main/direction, src-main/eigen) whose math runs in the analysis worker (./worker.ts).
import { compareImages } from './metrics.js';

export const analysisHandlers = {
  'analysis.metrics': compareImages,
};
