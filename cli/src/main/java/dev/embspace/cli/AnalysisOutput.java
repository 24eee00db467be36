package dev.embspace.cli;

import dev.embspace.engine.model.VectorKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Output helpers the analysis commands share: aligned tables in text, parameter kinds as options. */
final class AnalysisOutput {

    private AnalysisOutput() {
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
