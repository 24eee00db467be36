package dev.embspace.io.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Replace normalizer or a Split pre-tokenizer looks for: tokenizer.json's
 * {@code {"String": "..."}} (a literal) or {@code {"Regex": "..."}}. The library's regexes are
 * Oniguruma's; Java's engine reads the same syntax for the patterns tokenizers use, once its
 * character classes are made Unicode-aware as Oniguruma's are.
 */
record TextPattern(Pattern regex) {

    static TextPattern literal(String text) {
        return new TextPattern(Pattern.compile(Pattern.quote(text)));
    }

    static TextPattern regex(String regex) {
        return new TextPattern(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS));
    }

    /** The text cut into alternating gaps and matches, covering it all (see {@link Span}). */
    List<Span> spans(String text) {
        List<Span> spans = new ArrayList<>();
        if (text.isEmpty()) {
            spans.add(new Span(0, 0, false));
            return spans;
        }
        Matcher m = regex.matcher(text);
        int previous = 0;
        while (m.find()) {
            if (previous != m.start()) spans.add(new Span(previous, m.start(), false));
            spans.add(new Span(m.start(), m.end(), true));
            previous = m.end();
        }
        if (previous != text.length()) spans.add(new Span(previous, text.length(), false));
        return spans;
    }

    /** Every character that satisfies {@code test} is a match of its own. */
    static List<Span> spans(String text, IntPredicate test) {
        List<Span> spans = new ArrayList<>();
        if (text.isEmpty()) {
            spans.add(new Span(0, 0, false));
            return spans;
        }
        int previous = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (test.test(cp)) {
                if (previous < i) spans.add(new Span(previous, i, false));
                spans.add(new Span(i, next, true));
                previous = next;
            }
            i = next;
        }
        if (previous < text.length()) spans.add(new Span(previous, text.length(), false));
        return spans;
    }

    /** A stretch [start, end) of text that either matched the pattern or lies between matches. */
    record Span(int start, int end, boolean match) {
        Span inverted() {
            return new Span(start, end, !match);
        }
    }
}
