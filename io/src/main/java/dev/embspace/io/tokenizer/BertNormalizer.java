package dev.embspace.io.tokenizer;

/**
 * BERT's text cleaning, as the Hugging Face "BertNormalizer": drop NUL, U+FFFD and control
 * characters and turn every kind of whitespace into a plain space; put spaces around CJK
 * ideographs so each becomes its own word; strip accents (NFD, then drop Mn); lowercase.
 *
 * @param stripAccents in tokenizer.json a null here means "same as lowercase", resolved by the reader
 */
record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase)
        implements Normalizer {

    @Override
    public String normalize(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || UnicodeClasses.isBertControl(cp)) return;
                if (UnicodeClasses.isWhitespace(cp)) cp = ' ';
            }
            if (handleChineseChars && UnicodeClasses.isChineseChar(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        String result = out.toString();
        // BERT strips non-spacing marks only (Mn), unlike the StripAccents normalizer (any mark).
        if (stripAccents) result = Normalizer.removeMarks(new Nfd().normalize(result), UnicodeClasses::isNonSpacingMark);
        if (lowercase) result = new Lowercase().normalize(result);
        return result;
    }
}
