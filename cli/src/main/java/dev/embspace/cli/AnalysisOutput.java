package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.embspace.engine.model.VectorKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Output helpers the analysis commands share: number arrays in JSON, aligned tables in text. */
final class AnalysisOutput {

    private AnalysisOutput() {
    }

    /** A JSON array of numbers, null where a value is undefined (NaN or infinite). */
    static ArrayNode numbers(double[] values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) array.add(v);
            else array.addNull();
        }
        return array;
    }

    static ArrayNode matrix(double[][] rows) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (double[] row : rows) array.add(numbers(row));
        return array;
    }

    static ArrayNode integers(List<Integer> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Integer v : values) {
            if (v == null) array.addNull();
            else array.add(v);
        }
        return array;
    }

    /** A square-ish matrix as a table with row and column labels, values to 3 decimals ("-" when undefined). */
    static void table(PrintStream out, String corner, String rowLabel, String columnLabel, double[][] m) {
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-8s", corner));
        int columns = m.length == 0 ? 0 : m[0].length;
        for (int j = 0; j < columns; j++) header.append(String.format(Locale.ROOT, " %6s", columnLabel + j));
        out.println(header);
        for (int i = 0; i < m.length; i++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-8s", rowLabel + i));
            for (double v : m[i]) line.append(Double.isFinite(v) ? String.format(Locale.ROOT, " %6.3f", v) : "      -");
            out.println(line);
        }
    }

    /** {@code --params ff.key,attn.o}: parameter kinds by their command-line labels. */
    static final class KindList implements ITypeConverter<List<VectorKind>> {
        @Override
        public List<VectorKind> convert(String value) {
            List<VectorKind> kinds = new ArrayList<>();
            for (String label : value.split(",")) {
                String l = label.strip();
                kinds.add(VectorKind.fromLabel(l).orElseThrow(() -> new TypeConversionException(
                        "'" + l + "' is not a parameter kind (kinds: " + VectorKind.labels() + ")")));
            }
            return kinds;
        }
    }
}
