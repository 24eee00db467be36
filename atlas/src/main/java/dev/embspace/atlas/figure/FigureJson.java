package dev.embspace.atlas.figure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/** A figure's data as JSON, through Jackson: numbers at full precision, null where undefined. */
final class FigureJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FigureJson() {
    }

    static ObjectNode object(String figure) {
        return MAPPER.createObjectNode().put("figure", figure);
    }

    static ArrayNode numbers(double[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) array.add(v);
            else array.addNull();
        }
        return array;
    }

    static ArrayNode matrix(double[][] rows) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double[] row : rows) array.add(numbers(row));
        return array;
    }

    static ArrayNode integers(List<Integer> values) {
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
