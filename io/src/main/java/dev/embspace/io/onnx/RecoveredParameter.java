package dev.embspace.io.onnx;

import dev.embspace.engine.tensor.Tensor;

/**
 * A model parameter under its Hugging Face name, and where it came from.
 *
 * @param name       the Hugging Face name ("encoder.layer.0.attention.self.query.weight")
 * @param source     the ONNX initializer holding its values
 * @param transposed true when the initializer is ONNX's MatMul layout [in, out] and the parameter is
 *                   torch Linear's [out, in]
 */
public record RecoveredParameter(String name, OnnxTensor source, boolean transposed) {

    /** The parameter's values in the Hugging Face layout: a view of the mapped file, or a transposed copy. */
    public Tensor tensor() {
        Tensor t = source.toTensor();
        return transposed ? t.matrix().transpose().materialize().tensor() : t;
    }

    /** The shape in the Hugging Face layout. */
    public long[] shape() {
        long[] dims = source.dims();
        return transposed ? new long[] {dims[1], dims[0]} : dims;
    }
}
