// Handlers of the pixels.* methods: frames, slices, images, volume grids and whole volumes from the context's pixel service, and
// images stored in results.
import type { Handler } from '../base/handler.js';
import { resultImage } from './resultImage.js';
import { pixelsOf } from './service.js';
import { pixelVolume } from './volume.js';

export const pixelsHandlers = {
  'pixels.frame': ((p, ctx) => pixelsOf(ctx).frame(p.instanceId, p.frame)) satisfies Handler<'pixels.frame'>,
  'pixels.slice': ((p, ctx) => pixelsOf(ctx).slice(p.volumeId, p.axis, p.index)) satisfies Handler<'pixels.slice'>,
  'pixels.image': ((p, ctx) => pixelsOf(ctx).image(p.imageId)) satisfies Handler<'pixels.image'>,
  'pixels.result': ((p, ctx) => resultImage(ctx, p)) satisfies Handler<'pixels.result'>,
  'pixels.volumeInfo': ((p, ctx) => pixelsOf(ctx).volumeInfo(p.id)) satisfies Handler<'pixels.volumeInfo'>,
  'pixels.volume': ((p, ctx) => pixelVolume(pixelsOf(ctx), p.id)) satisfies Handler<'pixels.volume'>,
};
