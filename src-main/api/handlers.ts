// Every capability's handlers, merged into the one table the dispatcher serves.
import { analysisHandlers } from '../analysis/handlers.js';
import { catalogHandlers } from '../catalog/handlers.js';
import { datasetsHandlers } from '../datasets/handlers.js';
import { demoHandlers } from '../demo/handlers.js';
import { directionHandlers } from '../direction/handlers.js';
import { eigenHandlers } from '../eigen/handlers.js';
import { encoderHandlers } from '../encoder/handlers.js';
import { jobsHandlers } from '../jobs/handlers.js';
import { modelsHandlers } from '../models/handlers.js';
import { projectionHandlers } from '../projection/handlers.js';
import { pixelsHandlers } from '../pixels/handlers.js';
import { resultsHandlers } from '../results/handlers.js';
import { systemHandlers } from '../system/handlers.js';
import { trainingHandlers } from '../training/handlers.js';
import type { Handlers } from '../base/handler.js';

// Each capability contributes one record of handlers; add yours here (the type check names any missing method).
export const handlers: Handlers = {
  ...systemHandlers,
  ...analysisHandlers,
  ...catalogHandlers,
  ...pixelsHandlers,
  ...datasetsHandlers,
  ...demoHandlers,
  ...jobsHandlers,
  ...modelsHandlers,
  ...resultsHandlers,
  ...trainingHandlers,
  ...directionHandlers,
  ...eigenHandlers,
  ...projectionHandlers,
  ...encoderHandlers,
};
