// Every capability's handlers, merged into the one table the dispatcher serves.
import { catalogHandlers } from '../catalog/handlers.js';
import { datasetsHandlers } from '../datasets/handlers.js';
import { systemHandlers } from '../system/handlers.js';
import type { Handlers } from './dispatcher.js';

// Each capability contributes one record of handlers; add yours here (the type check names any missing method).
export const handlers: Handlers = {
  ...systemHandlers,
  ...catalogHandlers,
  ...datasetsHandlers,
};
