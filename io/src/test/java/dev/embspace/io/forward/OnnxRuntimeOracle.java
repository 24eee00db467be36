package dev.embspace.io.forward;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime running a BERT-family ONNX export: the oracle for the engine's forward pass. A batch
 * goes in as Hugging Face pads it (right padding, attention mask 0 on pads), and the last hidden
 * states come back trimmed to each sequence's real tokens.
 */
final class OnnxRuntimeOracle implements AutoCloseable {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String output;

    OnnxRuntimeOracle(Path onnx) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // as many threads as the engine gets, so the timings printed beside the parity compare like with like
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            this.session = environment.createSession(onnx.toString(), options);
        }
        Set<String> outputs = session.getOutputNames();
        this.output = outputs.contains("last_hidden_state") ? "last_hidden_state" : outputs.iterator().next();
    }

    /** [sequence][position][d] for ragged {@code ids}; {@code types} may be null (all zero). */
    float[][][] lastHiddenStates(int[][] ids, int[][] types) throws OrtException {
        int batch = ids.length;
        int length = 0;
        for (int[] s : ids) length = Math.max(length, s.length);
        long[][] inputIds = new long[batch][length];
        long[][] mask = new long[batch][length];
        long[][] typeIds = new long[batch][length];
        for (int s = 0; s < batch; s++) {
            for (int p = 0; p < ids[s].length; p++) {
                inputIds[s][p] = ids[s][p];
                mask[s][p] = 1;
                typeIds[s][p] = types == null ? 0 : types[s][p];
            }
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            Set<String> names = session.getInputNames();
            inputs.put("input_ids", OnnxTensor.createTensor(environment, inputIds));
            if (names.contains("attention_mask")) inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask));
            if (names.contains("token_type_ids")) inputs.put("token_type_ids", OnnxTensor.createTensor(environment, typeIds));
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                float[][][] padded = (float[][][]) result.get(0).getValue();
                float[][][] out = new float[batch][][];
                for (int s = 0; s < batch; s++) out[s] = Arrays.copyOf(padded[s], ids[s].length);
                return out;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
