package dev.embspace.io.tokenizer;

import dev.embspace.io.tokenizer.TextPattern.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * What a split does with the delimiters it finds (the library's SplitDelimiterBehavior). On
 * "the-final--countdown" split at '-': REMOVED gives the, final, countdown; ISOLATED keeps each
 * '-' as a piece; MERGED_WITH_PREVIOUS gives the-, final-, -, countdown; MERGED_WITH_NEXT gives
 * the, -final, -, -countdown; CONTIGUOUS keeps runs of delimiters together as one piece.
 */
enum SplitBehavior {
    REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

    /** Splits {@code piece} at {@code spans} (gaps and matches covering it); empty pieces are dropped. */
    void split(Piece piece, List<Span> spans, List<Piece> out) {
        for (Span span : regroup(spans)) {
            if (this == REMOVED && span.match()) continue;
            if (span.start() == span.end()) continue;
            out.add(piece.slice(span.start(), span.end()));
        }
    }

    /** The spans after delimiters are merged into their neighbours as the behaviour says. */
    private List<Span> regroup(List<Span> spans) {
        return switch (this) {
            case REMOVED, ISOLATED -> spans;
            case CONTIGUOUS -> {
                List<Span> out = new ArrayList<>();
                boolean previousMatch = false;
                for (Span span : spans) {
                    if (span.match() == previousMatch && !out.isEmpty()) {
                        Span last = out.removeLast();
                        out.add(new Span(last.start(), span.end(), false));
                    } else {
                        out.add(new Span(span.start(), span.end(), false));
                    }
                    previousMatch = span.match();
                }
                yield out;
            }
            case MERGED_WITH_PREVIOUS -> {
                List<Span> out = new ArrayList<>();
                boolean previousMatch = false;
                for (Span span : spans) {
                    if (span.match() && !previousMatch && !out.isEmpty()) {
                        Span last = out.removeLast();
                        out.add(new Span(last.start(), span.end(), false));
                    } else {
                        out.add(new Span(span.start(), span.end(), false));
                    }
                    previousMatch = span.match();
                }
                yield out;
            }
            case MERGED_WITH_NEXT -> {
                List<Span> reversed = new ArrayList<>();
                boolean previousMatch = false;
                for (Span span : spans.reversed()) {
                    if (span.match() && !previousMatch && !reversed.isEmpty()) {
                        Span last = reversed.removeLast();
                        reversed.add(new Span(span.start(), last.end(), false));
                    } else {
                        reversed.add(new Span(span.start(), span.end(), false));
                    }
                    previousMatch = span.match();
                }
                yield reversed.reversed();
            }
        };
    }
}
