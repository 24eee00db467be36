package dev.embspace.atlas.figure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.engine.analysis.align.AlignResult;
import dev.embspace.engine.analysis.align.KindAlignment;
import dev.embspace.engine.analysis.circuits.CircuitScores;
import dev.embspace.engine.analysis.circuits.CompositionScores;
import dev.embspace.engine.analysis.keepk.KeepKCurve;
import dev.embspace.engine.analysis.keepk.KeepKResult;
import dev.embspace.engine.analysis.pairs.LayerOverlap;
import dev.embspace.engine.analysis.pairs.PairsResult;
import dev.embspace.engine.forward.recall.LayerRecall;
import dev.embspace.engine.forward.recall.RecallExperiment;
import dev.embspace.engine.forward.recall.RecallResult;
import dev.embspace.engine.forward.recall.RecallScore;
import dev.embspace.engine.model.VectorKind;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The analyses' results as JSON, in the shapes of the contract: what the commands print with
 * {@code --format json} and what a figure offers as its data, built in one place. Numbers at full
 * precision, null where undefined.
 */
public final class ResultJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {
    }

    /** {@code pairs}: {"model", "k", "signed", "seed", "fold_ln", "layers": [{"layer", "kv", "kv_shuffled", ...}]}. */
    public static ObjectNode pairs(String model, PairsResult r) {
        ObjectNode root = object().put("model", model).put("k", r.k()).put("signed", r.signed())
                .put("seed", r.seed()).put("fold_ln", r.foldLn());
        ArrayNode layers = root.putArray("layers");
        for (LayerOverlap l : r.layers()) {
            layers.addObject().put("layer", l.layer()).put("kv", l.kv()).put("kv_shuffled", l.kvShuffled())
                    .put("vo", l.vo()).put("vo_shuffled", l.voShuffled())
                    .put("qk", l.qk()).put("qk_shuffled", l.qkShuffled());
        }
        return root;
    }

    /** {@code keepk}: {"model", "vocab_size", "seed", "k": [int], "families": {FAMILY: {"samples", "transpose", "pseudo_inverse"}}}. */
    public static ObjectNode keepk(String model, KeepKResult r) {
        ObjectNode root = object().put("model", model).put("vocab_size", r.vocabularySize()).put("seed", r.seed());
        ArrayNode k = root.putArray("k");
        for (int value : r.k()) k.add(value);
        ObjectNode families = root.putObject("families");
        for (KeepKCurve c : r.curves()) {
            ObjectNode f = families.putObject(c.family().label()).put("samples", c.samples());
            f.set("transpose", numbers(c.transpose()));
            f.set("pseudo_inverse", numbers(c.pseudoInverse()));
        }
        return root;
    }

    /** {@code align}: {"model_a", "model_b", "fold_ln", "params": {KIND: {"matrix", "matching", "raw_matrix", "raw_matching"}}}. */
    public static ObjectNode align(String modelA, String modelB, AlignResult r) {
        return align(modelA, modelB, r, r.kinds());
    }

    static ObjectNode align(String modelA, String modelB, AlignResult r, List<KindAlignment> kinds) {
        ObjectNode root = object().put("model_a", modelA).put("model_b", modelB).put("fold_ln", r.foldLn());
        ObjectNode params = root.putObject("params");
        for (KindAlignment k : kinds) {
            ObjectNode p = params.putObject(k.kind().label());
            p.set("matrix", matrix(k.matrix()));
            p.set("matching", integers(k.matching()));
            if (k.rawMatrix() != null) {
                p.set("raw_matrix", matrix(k.rawMatrix()));
                p.set("raw_matching", integers(k.rawMatching()));
            } else {
                p.putNull("raw_matrix");
                p.putNull("raw_matching");
            }
        }
        return root;
    }

    /** {@code recall}: {"model", "positions", "k", "top_units", "layers": [{"layer", "against_layer": {KIND: {"recall", "random"}}, "against_last": ...}]}. */
    public static ObjectNode recall(String model, RecallResult r) {
        ObjectNode root = object();
        if (model != null) root.put("model", model);
        root.put("positions", r.positions()).put("k", r.k()).put("top_units", r.topUnits());
        ArrayNode layers = root.putArray("layers");
        for (LayerRecall layer : r.layers()) {
            ObjectNode l = layers.addObject().put("layer", layer.layer());
            recallScores(l.putObject("against_layer"), layer.againstLayer());
            recallScores(l.putObject("against_last"), layer.againstLast());
        }
        return root;
    }

    private static void recallScores(ObjectNode node, Map<VectorKind, RecallScore> scores) {
        for (VectorKind kind : RecallExperiment.KINDS) {
            RecallScore s = scores.get(kind);
            if (s != null) node.putObject(kind.label()).put("recall", s.recall()).put("random", s.random());
        }
    }

    /** {@code circuits}: {"model", "fold_ln", "convention", "copying": [[float]], "composition": {"heads_per_layer", "index", "q", "k", "v"}}. */
    public static ObjectNode circuits(String model, CircuitScores s) {
        ObjectNode root = object().put("model", model).put("fold_ln", s.foldLn()).put("convention", s.convention());
        root.set("copying", matrix(s.copying()));
        composition(root.putObject("composition"), s.composition());
        return root;
    }

    static void composition(ObjectNode node, CompositionScores.Scores s) {
        node.put("heads_per_layer", s.heads())
                .put("index", "layer * heads_per_layer + head; null unless the source layer is earlier");
        node.set("q", matrix(s.q()));
        node.set("k", matrix(s.k()));
        node.set("v", matrix(s.v()));
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A JSON array of numbers, null where a value is undefined (NaN or infinite). */
    public static ArrayNode numbers(double[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) array.add(v);
            else array.addNull();
        }
        return array;
    }

    public static ArrayNode matrix(double[][] rows) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double[] row : rows) array.add(numbers(row));
        return array;
    }

    public static ArrayNode integers(List<Integer> values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Integer v : values) {
            if (v == null) array.addNull();
            else array.add(v);
        }
        return array;
    }

    /** A finite number, or JSON null. */
    static void put(ObjectNode node, String field, Double value) {
        if (value == null || !Double.isFinite(value)) node.putNull(field);
        else node.put(field, value);
    }

    static String text(ObjectNode root) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
