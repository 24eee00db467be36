package dev.embspace.io.tokenizer;

import dev.embspace.engine.BadInputException;

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
 *
 * <p>Java's engine backtracks, so a pattern from a file such as {@code (a+)+$} can take
 * exponential time on a short text, or overflow the stack on a long one. Every match therefore
 * runs on a step budget proportional to the text (each character the engine reads is a step; the
 * patterns real tokenizers use read each character a handful of times): a pattern that exceeds it
 * is bad input, named with its origin (file and place), never a hang.
 *
 * @param origin where the pattern comes from, for errors: "tokenizer.json: pre_tokenizer.pattern.Regex"
 */
record TextPattern(Pattern regex, String origin) {

    /** Steps allowed per character of text, on top of {@link #BASE_STEPS}. */
    static final long STEPS_PER_CHAR = 1_000;
    static final long BASE_STEPS = 1_000_000;

    static TextPattern literal(String text, String origin) {
        return new TextPattern(Pattern.compile(Pattern.quote(text)), origin);
    }

    static TextPattern regex(String regex, String origin) {
        return new TextPattern(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS), origin);
    }

    /** The text cut into alternating gaps and matches, covering it all (see {@link Span}). */
    List<Span> spans(String text) {
        List<Span> spans = new ArrayList<>();
        if (text.isEmpty()) {
            spans.add(new Span(0, 0, false));
            return spans;
        }
        Matcher m = regex.matcher(new Budgeted(text, BASE_STEPS + STEPS_PER_CHAR * text.length()));
        int previous = 0;
        try {
            while (m.find()) {
                if (previous != m.start()) spans.add(new Span(previous, m.start(), false));
                spans.add(new Span(m.start(), m.end(), true));
                previous = m.end();
            }
        } catch (StepBudgetExceeded e) {
            throw refused(text, "needs more than " + (BASE_STEPS + STEPS_PER_CHAR * text.length())
                    + " steps (catastrophic backtracking)");
        } catch (StackOverflowError e) {
            throw refused(text, "recurses too deeply");
        }
        if (previous != text.length()) spans.add(new Span(previous, text.length(), false));
        return spans;
    }

    /** {@code text} with every match replaced by {@code content}, on the same step budget. */
    String replaceAll(String text, String content) {
        StringBuilder out = new StringBuilder(text.length());
        for (Span s : spans(text)) {
            if (s.match()) out.append(content);
            else out.append(text, s.start(), s.end());
        }
        return out.toString();
    }

    private BadInputException refused(String text, String problem) {
        String shown = regex.pattern().length() > 200 ? regex.pattern().substring(0, 200) + "..." : regex.pattern();
        return new BadInputException(origin + ": the pattern '" + shown + "' " + problem + " on a text of "
                + text.length() + " characters");
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

    /** The text as the regex engine sees it: every character read costs a step of a fixed budget. */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private long steps;

        Budgeted(String text, long steps) {
            this.text = text;
            this.steps = steps;
        }

        @Override
        public char charAt(int index) {
            if (--steps < 0) throw new StepBudgetExceeded();
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class StepBudgetExceeded extends RuntimeException {
        StepBudgetExceeded() {
            super(null, null, false, false);
        }
    }
}
