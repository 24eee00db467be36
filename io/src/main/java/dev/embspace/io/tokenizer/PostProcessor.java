package dev.embspace.io.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The last stage: wraps the model's tokens in the special tokens the model was trained with
 * (tokenizer.json's "post_processor").
 */
sealed interface PostProcessor permits TemplateProcessing, PostProcessor.Bert, PostProcessor.Roberta,
        PostProcessor.ByteLevel, PostProcessor.Sequence, PostProcessor.None {

    /** How many tokens {@link #process} adds to a single sequence; truncation leaves room for them. */
    int addedTokens();

    Encoding process(Encoding sequence);

    /** [CLS] A [SEP]. */
    record Bert(Token cls, Token sep) implements PostProcessor {
        public int addedTokens() {
            return 2;
        }

        public Encoding process(Encoding sequence) {
            return wrap(cls, sequence, sep);
        }
    }

    /** &lt;s&gt; A &lt;/s&gt;; the offset options of the library change no ids. */
    record Roberta(Token cls, Token sep) implements PostProcessor {
        public int addedTokens() {
            return 2;
        }

        public Encoding process(Encoding sequence) {
            return wrap(cls, sequence, sep);
        }
    }

    /** GPT-2's processor only trims offsets, which an Encoding does not carry: ids pass unchanged. */
    record ByteLevel() implements PostProcessor {
        public int addedTokens() {
            return 0;
        }

        public Encoding process(Encoding sequence) {
            return sequence;
        }
    }

    /** Several processors in order. */
    record Sequence(List<PostProcessor> processors) implements PostProcessor {
        public int addedTokens() {
            return processors.stream().mapToInt(PostProcessor::addedTokens).sum();
        }

        public Encoding process(Encoding sequence) {
            for (PostProcessor processor : processors) sequence = processor.process(sequence);
            return sequence;
        }
    }

    /** No post-processor. */
    record None() implements PostProcessor {
        public int addedTokens() {
            return 0;
        }

        public Encoding process(Encoding sequence) {
            return sequence;
        }
    }

    private static Encoding wrap(Token first, Encoding sequence, Token last) {
        List<Token> tokens = new ArrayList<>(sequence.size() + 2);
        tokens.add(first);
        int[] ids = sequence.ids();
        for (int i = 0; i < ids.length; i++) tokens.add(new Token(ids[i], sequence.tokens().get(i)));
        tokens.add(last);
        return Encoding.of(tokens);
    }
}
