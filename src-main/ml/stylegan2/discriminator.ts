// Discriminator (NVlabs Discriminator, 'resnet' architecture, unconditional): fromRGB at full resolution, then per
// block two 3×3 convs (the second downsampling through the FIR filter) plus a 1×1 downsampling skip, both scaled
// by √0.5; epilogue at 4×4 with minibatch stddev, conv, fc and a linear output. Input images are NHWC.
import * as tf from '@tensorflow/tfjs';
import type { StyleGan2Config } from './config.js';
import { conv2dLayer, fullyConnected, minibatchStd } from './layers.js';
import { param } from './params.js';
import type { ParamMap } from './params.js';

const skipGain = Math.SQRT1_2;

/** images [N, res, res, imgChannels] → logits [N, 1]. */
export function discriminator(params: ParamMap, config: StyleGan2Config, images: tf.Tensor4D): tf.Tensor2D {
  const [, h, w, c] = images.shape;
  if (h !== config.resolution || w !== config.resolution || c !== config.imgChannels) {
    throw new Error(`discriminator: images have shape [${images.shape}], the model expects [N, ${config.resolution}, ${config.resolution}, ${config.imgChannels}]`);
  }
  const clamp = config.convClamp;
  return tf.tidy(() => {
    let x: tf.Tensor4D | null = null;
    for (let res = config.resolution; res > 4; res /= 2) {
      const p = `b${res}`;
      if (x === null) {
        x = conv2dLayer(images, param(params, `${p}.fromrgb.weight`), param(params, `${p}.fromrgb.bias`), { act: 'lrelu', convClamp: clamp });
      }
      const y = conv2dLayer(x, param(params, `${p}.skip.weight`), null, { act: 'linear', down: 2, gain: skipGain });
      x = conv2dLayer(x, param(params, `${p}.conv0.weight`), param(params, `${p}.conv0.bias`), { act: 'lrelu', convClamp: clamp });
      x = conv2dLayer(x, param(params, `${p}.conv1.weight`), param(params, `${p}.conv1.bias`), { act: 'lrelu', down: 2, gain: skipGain, convClamp: clamp });
      x = tf.add(y, x) as tf.Tensor4D;
    }
    if (x === null) {
      throw new Error('discriminator: resolution 4 has no blocks; use 8 or more');
    }
    if (config.mbstdChannels > 0) x = minibatchStd(x, config.mbstdGroupSize, config.mbstdChannels);
    x = conv2dLayer(x, param(params, 'b4.conv.weight'), param(params, 'b4.conv.bias'), { act: 'lrelu', convClamp: clamp });
    // NVlabs flattens NCHW; transposing first keeps the fc weight layout identical.
    const flat = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [x.shape[0], -1]) as tf.Tensor2D;
    const hidden = fullyConnected(flat, param(params, 'b4.fc.weight'), param(params, 'b4.fc.bias'), { act: 'lrelu' });
    return fullyConnected(hidden, param(params, 'b4.out.weight'), param(params, 'b4.out.bias'));
  });
}
