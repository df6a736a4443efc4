// A model's quality curve: `quality.json` beside model.json, one point per measured snapshot (SWD, held-out SSIM
// over kimg), shipped with the model so the Models panel and the model's README show how far training got.
import { z } from 'zod';

export const qualityFileName = 'quality.json';
export const qualityFormat = 'latentrad-quality';

export const qualityPointSchema = z
  .object({
    kimg: z.number().min(0),
    /** ProGAN's sliced Wasserstein distance ×10³ per Laplacian level (finest first) and their mean. */
    swdLevels: z.array(z.object({ resolution: z.number().int(), swd: z.number() }).strict()).min(1),
    swdMean: z.number(),
    /** Images per side of the SWD. */
    swdImages: z.number().int().min(1),
    /** Mean / min / max W+ projection SSIM (`wang2004`) of the held-out images, and their MSE on [0, 1]. */
    ssimMean: z.number(),
    ssimMin: z.number(),
    ssimMax: z.number(),
    mseMean: z.number(),
    holdoutImages: z.number().int().min(1),
    steps: z.number().int().min(1),
  })
  .strict();
export type QualityPoint = z.infer<typeof qualityPointSchema>;

export const qualityFileSchema = z
  .object({
    format: z.literal(qualityFormat),
    formatVersion: z.literal(1),
    /** What was measured how, in words (a per-snapshot curve uses a smaller set than a full row: say which). */
    protocol: z.string(),
    points: z.array(qualityPointSchema),
  })
  .strict();
export type QualityFile = z.infer<typeof qualityFileSchema>;
