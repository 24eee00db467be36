package dev.embspace.io.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The general post-processor: a template of special-token groups around the sequence ("$A"),
 * each part with its own segment id, e.g. [CLS]:0 $A:0 [SEP]:0.
 */
record TemplateProcessing(List<Part> single) implements PostProcessor {

    /** One element of the template. */
    sealed interface Part {
        int typeId();
    }

    /** The sequence itself. */
    record SequencePart(int typeId) implements Part {
    }

    /** A special token group (usually one token) from the template's special_tokens table. */
    record SpecialPart(List<Token> tokens, int typeId) implements Part {
    }

    @Override
    public int addedTokens() {
        return single.stream().mapToInt(p -> p instanceof SpecialPart s ? s.tokens().size() : 0).sum();
    }

    @Override
    public Encoding process(Encoding sequence) {
        List<Integer> ids = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        int[] sequenceIds = sequence.ids();
        for (Part part : single) {
            switch (part) {
                case SequencePart s -> {
                    for (int i = 0; i < sequence.size(); i++) {
                        ids.add(sequenceIds[i]);
                        tokens.add(sequence.tokens().get(i));
                        types.add(s.typeId());
                    }
                }
                case SpecialPart s -> {
                    for (Token token : s.tokens()) {
                        ids.add(token.id());
                        tokens.add(token.value());
                        types.add(s.typeId());
                    }
                }
            }
        }
        return new Encoding(ids.stream().mapToInt(Integer::intValue).toArray(), tokens,
                types.stream().mapToInt(Integer::intValue).toArray());
    }
}
