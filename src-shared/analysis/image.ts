// The plain image types the analysis math works on: row-major grey pixels with their size, optional masks.
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** Any numeric typed array or plain array of pixel values, row-major (y * width + x). */
export type Pixels = ArrayLike<number>;

export interface GreyImage extends ImageSize {
  readonly data: Pixels;
}

/** A foreground mask: non-zero means inside. */
export type Mask = ArrayLike<number>;

export function toFloat64(data: Pixels): Float64Array {
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/** Throws when two images cannot be compared pixel by pixel. */
export function assertSameSize(a: GreyImage, b: GreyImage, what = 'images'): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RangeError(`${what} differ in size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  for (const image of [a, b]) {
    if (image.data.length !== image.width * image.height) {
      throw new RangeError(`image data holds ${image.data.length} values, expected ${image.width}×${image.height}`);
    }
  }
}

export function assertMaskFits(mask: Mask | undefined, count: number): void {
  if (mask && mask.length !== count) throw new RangeError(`mask holds ${mask.length} values, the image ${count}`);
}

/** How many mask entries are non-zero (the whole image when there is no mask). */
export function maskCount(mask: Mask | undefined, count: number): number {
  if (!mask) return count;
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}
