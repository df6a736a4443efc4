// The one main↔renderer API: every method and event, by name. Preload, IPC handlers, the headless host,
// the CLI and the renderer's client are all typed and validated from these records.
import type { z } from 'zod';
import type { EventSpec, MethodSpec } from './define.js';
import { analysisMethods } from './analysis.js';
import { catalogEvents, catalogMethods } from './catalog.js';
import { datasetsMethods } from './datasets.js';
import { demoMethods } from './demo.js';
import { directionMethods } from './direction.js';
import { eigenMethods } from './eigen.js';
import { encoderMethods } from './encoder.js';
import { jobsEvents, jobsMethods } from './jobs.js';
import { modelsMethods } from './models.js';
import { projectionMethods } from './projection.js';
import { pixelsMethods } from './pixels.js';
import { resultsMethods } from './results.js';
import { systemMethods } from './system.js';
import { trainingMethods } from './training.js';

// Each capability contributes one record of methods (and optionally events); add yours here.
export const apiMethods = {
  ...systemMethods,
  ...analysisMethods,
  ...catalogMethods,
  ...pixelsMethods,
  ...datasetsMethods,
  ...demoMethods,
  ...jobsMethods,
  ...trainingMethods,
  ...modelsMethods,
  ...directionMethods,
  ...eigenMethods,
  ...projectionMethods,
  ...encoderMethods,
  ...resultsMethods,
} satisfies Record<string, MethodSpec>;

export const apiEvents = {
  ...jobsEvents,
  ...catalogEvents,
} satisfies Record<string, EventSpec>;

export type ApiMethods = typeof apiMethods;
export type MethodName = keyof ApiMethods & string;
/** What a caller may send (defaults not yet applied). */
export type MethodInput<M extends MethodName> = z.input<ApiMethods[M]['input']>;
/** What a handler receives (validated, defaults applied). */
export type MethodParams<M extends MethodName> = z.output<ApiMethods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<ApiMethods[M]['output']>;

export type ApiEvents = typeof apiEvents;
export type EventName = keyof ApiEvents & string;
export type EventPayload<E extends EventName> = z.output<ApiEvents[E]['payload']>;

export const methodNames = Object.keys(apiMethods) as MethodName[];
export const eventNames = Object.keys(apiEvents) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(apiMethods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(apiEvents, name);
}

/** The IPC channel of a method or event; the prefix lets the main process reject foreign channels. */
export const ipcPrefix = 'latentrad:';
export const ipcChannel = (name: string): string => `${ipcPrefix}${name}`;

/** What the renderer (and tests) talk to; it does not know which transport is behind it. */
export interface LatentRadClient {
  readonly transport: 'ipc' | 'http' | 'local';
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
