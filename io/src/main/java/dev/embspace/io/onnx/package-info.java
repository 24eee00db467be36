/**
 * ONNX exports of BERT-family encoders as Hugging Face model directories, in pure Java.
 *
 * <p>Reading: {@link dev.embspace.io.onnx.OnnxModel#open} memory-maps the file and decodes the few
 * messages of onnx.proto the importer needs with a small protobuf wire-format reader
 * ({@code ProtoReader}); tensor data is never copied: initializers are slices of the mapping (or of
 * mapped external-data files confined to the model's directory). Every length is checked against its
 * enclosing message before use, so a corrupt file fails with a one-line error naming the file and
 * the byte offset.
 *
 * <p>Importing: {@link dev.embspace.io.onnx.OnnxImporter} recovers the Hugging Face parameter names
 * (torch.onnx keeps named parameters, but exports each Linear weight as an anonymous, pre-transposed
 * MatMul operand; the MatMul node's name still spells the module path), rebuilds config.json from
 * shapes and graph constants, and writes model.safetensors, config.json and tokenizer.json into a
 * staging directory that is moved into place only when complete.
 */
package dev.embspace.io.onnx;
