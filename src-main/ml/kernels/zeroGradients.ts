// Zero gradients for the comparison and logic kernels tfjs leaves without one, so second-order gradients work.
// First-order gradients of LeakyRelu, ClipByValue, Maximum... build masks with greater/less/logicalAnd; when such
// a gradient is differentiated again (R1: ∂‖∂D/∂x‖²/∂θ) the engine walks back through those mask ops and fails
// with "gradient function not found". Their true derivative is zero almost everywhere.
import * as tf from '@tensorflow/tfjs';

/** Boolean-valued kernels whose inputs get a zero gradient; each is registered only if tfjs lacks one. */
export const comparisonKernels = ['Greater', 'Less', 'GreaterEqual', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr', 'LogicalNot'] as const;

export function registerZeroGradients(): void {
  for (const kernelName of comparisonKernels) {
    if (tf.getGradient(kernelName)) continue;
    const unary = kernelName === 'LogicalNot';
    tf.registerGradient({
      kernelName,
      inputsToSave: unary ? ['x'] : ['a', 'b'],
      gradFunc: (_dy, saved): Record<string, () => tf.Tensor> => {
        const zeros = (t: tf.Tensor) => (): tf.Tensor => tf.zerosLike(t).asType('float32');
        return unary ? { x: zeros(saved[0]) } : { a: zeros(saved[0]), b: zeros(saved[1]) };
      },
    });
  }
}
