package dev.embspace.atlas.figure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads back what a figure carries: its CSV rows by header, its JSON, the data attributes of marks. */
final class FigureData {

    private FigureData() {
    }

    /** CSV rows as header-to-field maps (the figures' numeric CSVs hold no quoted fields). */
    static List<Map<String, String>> csv(String csv) {
        List<String> lines = csv.lines().toList();
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            assertEquals(header.size(), fields.length, line);
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < fields.length; i++) row.put(header.get(i), fields[i]);
            rows.add(row);
        }
        return rows;
    }

    static JsonNode json(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + e.getMessage(), e);
        }
    }

    static double value(Element mark) {
        return Double.parseDouble(mark.getAttribute("data-value"));
    }

    static int integer(Element mark, String attribute) {
        return Integer.parseInt(mark.getAttribute("data-" + attribute));
    }
}
