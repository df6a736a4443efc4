// Handlers of the analysis methods (image comparison, eigencomponents, latent directions).
// They run synchronously in the calling process; a 15 × 256³ eigen analysis takes seconds (see bench:metrics).
import { findDirection } from './direction.js';
import { analyseEigen } from './eigen.js';
import { compareImages } from './metrics.js';

export const analysisHandlers = {
  'analysis.metrics': compareImages,
  'analysis.eigen': analyseEigen,
  'analysis.direction': findDirection,
};
