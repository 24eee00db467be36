package dev.embspace.cli;

import dev.embspace.engine.UsageException;
import dev.embspace.engine.vocab.Vocabulary;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.tokenizer.Encoding;
import dev.embspace.io.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * One vocabulary item named on the command line, in the forms a user meets it: as stored
 * ("##ing", "Ġparis"), as text output shows it (the readable form, " paris"), or as text the
 * model's tokenizer turns into exactly one token ("Paris" for an uncased model). Text of several
 * tokens is the user's mistake, reported with the tokens it made.
 */
final class VocabularyItem {

    private VocabularyItem() {
    }

    /** The id {@code text} names; {@code option} is how the message calls the argument. */
    static int resolve(LoadedModel model, String option, String text) {
        Vocabulary vocabulary = model.vocabulary();
        OptionalInt stored = vocabulary.id(text);
        if (stored.isPresent()) return stored.getAsInt();
        for (int id = 0; id < vocabulary.size(); id++) {
            if (vocabulary.readable(id).equals(text)) return id;
        }
        Tokenizer tokenizer = model.tokenizer();
        List<Integer> ids = withoutFrame(tokenizer.encode(text), tokenizer.encode(""));
        if (ids.size() == 1) return ids.getFirst();
        if (ids.isEmpty()) {
            throw new UsageException(option + " '" + text + "' is no vocabulary item of " + model.ref() + " and encodes to no token");
        }
        String tokens = ids.stream().map(id -> TokenText.quote(vocabulary.readable(id))).collect(Collectors.joining(" "));
        throw new UsageException(option + " '" + text + "' is " + ids.size() + " tokens of " + model.ref()
                + ", not one: " + tokens + " (name one of them)");
    }

    /**
     * The ids of the text itself, without the special tokens the post-processor wraps around every
     * text: those are what it makes of the empty text ([CLS] [SEP] for BERT, nothing for GPT-2),
     * found here as a prefix and the rest as a suffix.
     */
    private static List<Integer> withoutFrame(Encoding encoding, Encoding frame) {
        int prefix = 0;
        while (prefix < frame.size() && prefix < encoding.size() && encoding.id(prefix) == frame.id(prefix)) prefix++;
        int suffix = frame.size() - prefix;
        int to = encoding.size() - suffix;
        for (int i = 0; i < suffix; i++) {
            if (to < prefix || encoding.id(to + i) != frame.id(prefix + i)) return ids(encoding, 0, encoding.size());
        }
        return ids(encoding, prefix, to);
    }

    private static List<Integer> ids(Encoding encoding, int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i < to; i++) ids.add(encoding.id(i));
        return ids;
    }
}
