package dev.embspace.io.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.BadInputException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a BERT-family config.json from an ONNX export, which carries no config: sizes come from
 * the parameter shapes, the head count from the constants that reshape [batch, seq, d] into
 * [batch, seq, heads, head_dim], the LayerNorm epsilon from the LayerNormalization attribute or the
 * constant added to the variance in a decomposed LayerNorm, and the activation from the ops inside
 * the intermediate block.
 */
final class BertConfigInference {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
    private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\.");
    /** BertConfig's default, used only when the graph holds no LayerNorm epsilon at all. */
    private static final double DEFAULT_EPS = 1e-12;

    private final Path file;
    private final OnnxGraph graph;
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, OnnxNode> producers;
    private final Map<String, OnnxTensor> constants;
    private final Consumer<String> notes;

    private BertConfigInference(Path file, OnnxGraph graph, List<RecoveredParameter> parameters, Consumer<String> notes) {
        this.file = file;
        this.graph = graph;
        this.notes = notes;
        this.producers = graph.producers();
        this.constants = graph.constants();
        for (RecoveredParameter p : parameters) shapes.put(p.name(), p.shape());
    }

    static ObjectNode infer(Path file, OnnxGraph graph, List<RecoveredParameter> parameters, Consumer<String> notes) {
        return new BertConfigInference(file, graph, parameters, notes).config();
    }

    private ObjectNode config() {
        String prefix = shapes.keySet().stream().filter(n -> n.endsWith(WORD_EMBEDDINGS))
                .map(n -> n.substring(0, n.length() - WORD_EMBEDDINGS.length()))
                .min((a, b) -> a.length() - b.length())
                .orElseThrow(() -> new BadInputException(file, "not a BERT-family encoder export: no initializer named '"
                        + WORD_EMBEDDINGS + "' among " + shapes.size() + " parameters"));
        long[] words = shape(prefix + WORD_EMBEDDINGS, 2);
        int vocab = toInt(words[0]);
        int hidden = toInt(words[1]);
        int layers = layerCount(prefix);
        int intermediate = toInt(shape(prefix + "encoder.layer.0.intermediate.dense.weight", 2)[0]);
        int heads = attentionHeads(hidden);

        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("BertModel");
        c.put("model_type", "bert");
        c.put("vocab_size", vocab);
        c.put("hidden_size", hidden);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("intermediate_size", intermediate);
        c.put("hidden_act", activation());
        c.put("max_position_embeddings", toInt(shape(prefix + "embeddings.position_embeddings.weight", 2)[0]));
        c.put("type_vocab_size", toInt(shape(prefix + "embeddings.token_type_embeddings.weight", 2)[0]));
        c.put("layer_norm_eps", layerNormEps());
        c.put("position_embedding_type", "absolute");
        c.put("torch_dtype", "float32");
        return c;
    }

    /** The shape of a parameter the config is read from, which must have {@code rank} dimensions. */
    private long[] shape(String name, int rank) {
        long[] s = shapes.get(name);
        if (s == null) throw new BadInputException(file, "not a BERT-family encoder export: no parameter '" + name + "'");
        if (s.length != rank) {
            throw new BadInputException(file, "parameter '" + name + "' has shape " + Arrays.toString(s) + ", expected "
                    + rank + " dimensions");
        }
        return s;
    }

    private int layerCount(String prefix) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (String name : shapes.keySet()) {
            if (!name.startsWith(prefix)) continue;
            Matcher m = LAYER.matcher(name.substring(prefix.length()));
            if (m.lookingAt()) seen.add(Integer.parseInt(m.group(1)));
        }
        if (seen.isEmpty()) throw new BadInputException(file, "not a BERT-family encoder export: no encoder.layer.N parameters");
        if (seen.first() != 0 || seen.last() != seen.size() - 1) {
            throw new BadInputException(file, "encoder layers are not numbered 0.." + (seen.size() - 1) + ": " + seen);
        }
        return seen.size();
    }

    /**
     * The head count. BertSelfAttention reshapes q, k and v to [batch, seq, heads, head_dim] with a
     * shape built from the runtime batch and sequence sizes and two constants (a Concat), or given
     * as one constant tensor; heads * head_dim must equal d. Failing that, the scores are divided
     * by sqrt(head_dim), a constant too.
     */
    private int attentionHeads(int hidden) {
        for (OnnxNode n : graph.nodes()) {
            if (!n.opType().equals("Reshape") || !n.name().contains("/attention/")) continue;
            OptionalInt h = headsFromShape(n.input(1), hidden);
            if (h.isPresent()) return h.getAsInt();
        }
        for (OnnxNode n : graph.nodes()) {
            if (!n.name().contains("/attention/") || !(n.opType().equals("Div") || n.opType().equals("Mul"))) continue;
            Optional<Float> c = scalar(n.input(1));
            if (c.isEmpty() || !producedBy(n.input(0), "MatMul")) continue;
            double sqrtHeadDim = n.opType().equals("Div") ? c.get() : 1.0 / c.get();
            long headDim = Math.round(sqrtHeadDim * sqrtHeadDim);
            if (headDim > 0 && hidden % headDim == 0) return (int) (hidden / headDim);
        }
        throw new BadInputException(file, "cannot infer the number of attention heads from the graph");
    }

    private OptionalInt headsFromShape(String shapeValue, int hidden) {
        long[] tail;
        Optional<OnnxTensor> constant = constant(shapeValue);
        if (constant.isPresent()) {
            tail = integers(constant.get());
        } else {
            OnnxNode concat = producers.get(shapeValue);
            if (concat == null || !concat.opType().equals("Concat") || concat.inputs().size() < 2) return OptionalInt.empty();
            long[] heads = constant(concat.input(concat.inputs().size() - 2)).map(this::integers).orElse(null);
            long[] headDim = constant(concat.input(concat.inputs().size() - 1)).map(this::integers).orElse(null);
            if (heads == null || headDim == null || heads.length != 1 || headDim.length != 1) return OptionalInt.empty();
            tail = new long[] {0, 0, heads[0], headDim[0]};
        }
        if (tail == null || tail.length != 4) return OptionalInt.empty();
        long h = tail[2];
        long dh = tail[3];
        return h > 0 && dh > 0 && h * dh == hidden ? OptionalInt.of((int) h) : OptionalInt.empty();
    }

    private long[] integers(OnnxTensor t) {
        return t.dataType() == OnnxDataType.INT64 || t.dataType() == OnnxDataType.INT32 ? t.longs() : null;
    }

    /**
     * LayerNorm's epsilon: the attribute of a fused LayerNormalization node (ONNX's default is 1e-5),
     * or, where torch decomposed it, the scalar added to the variance just before the Sqrt.
     */
    private double layerNormEps() {
        for (OnnxNode n : graph.nodes()) {
            if (n.opType().equals("LayerNormalization")) {
                return n.attribute("epsilon").flatMap(OnnxAttribute::f).map(BertConfigInference::shortest).orElse(1e-5);
            }
        }
        for (OnnxNode sqrt : graph.nodes()) {
            if (!sqrt.opType().equals("Sqrt") || !sqrt.name().contains("LayerNorm")) continue;
            OnnxNode add = producers.get(sqrt.input(0));
            if (add == null || !add.opType().equals("Add")) continue;
            for (String in : add.inputs()) {
                Optional<Float> eps = scalar(in);
                if (eps.isPresent()) return shortest(eps.get());
            }
        }
        notes.accept("no LayerNorm epsilon in the graph; assuming BERT's " + DEFAULT_EPS);
        return DEFAULT_EPS;
    }

    /** The FF activation, recognised by the op that characterises it inside the intermediate block. */
    private String activation() {
        for (OnnxNode n : graph.nodes()) {
            if (!n.name().contains("/intermediate/")) continue;
            switch (n.opType()) {
                case "Erf", "Gelu" -> {
                    return "gelu";
                }
                case "Tanh" -> {
                    return "gelu_new";
                }
                case "Relu" -> {
                    return "relu";
                }
                case "Sigmoid" -> {
                    return "silu";
                }
                default -> {
                }
            }
        }
        notes.accept("no recognisable activation in the intermediate blocks; assuming gelu");
        return "gelu";
    }

    private Optional<Float> scalar(String value) {
        return constant(value)
                .filter(t -> t.dataType() == OnnxDataType.FLOAT && t.elementCount() == 1)
                .map(t -> t.floats()[0]);
    }

    private Optional<OnnxTensor> constant(String value) {
        return Optional.ofNullable(constants.get(value));
    }

    private boolean producedBy(String value, String opType) {
        OnnxNode p = producers.get(value);
        return p != null && p.opType().equals(opType);
    }

    /** The float as the shortest decimal that reads back as it (1e-12f becomes 1e-12, not 9.99e-13). */
    private static double shortest(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private int toInt(long v) {
        if (v < 0 || v > Integer.MAX_VALUE) throw new BadInputException(file, "dimension " + v + " out of range");
        return (int) v;
    }
}
