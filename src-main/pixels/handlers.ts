// Handlers of the pixels.* methods: frames, slices, images and volume grids from the context's pixel service.
import type { Handler } from '../base/handler.js';
import { pixelsOf } from './service.js';

export const pixelsHandlers = {
  'pixels.frame': ((p, ctx) => pixelsOf(ctx).frame(p.instanceId, p.frame)) satisfies Handler<'pixels.frame'>,
  'pixels.slice': ((p, ctx) => pixelsOf(ctx).slice(p.volumeId, p.axis, p.index)) satisfies Handler<'pixels.slice'>,
  'pixels.image': ((p, ctx) => pixelsOf(ctx).image(p.imageId)) satisfies Handler<'pixels.image'>,
  'pixels.volumeInfo': ((p, ctx) => pixelsOf(ctx).volumeInfo(p.id)) satisfies Handler<'pixels.volumeInfo'>,
};
