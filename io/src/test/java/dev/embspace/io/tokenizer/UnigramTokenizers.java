package dev.embspace.io.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tokenizer.json files in the layouts of SentencePiece unigram models (no real one is reachable
 * offline): T5's (Precompiled and Replace normalizers, WhitespaceSplit then Metaspace, "$A &lt;/s&gt;")
 * and XLM-R's (Precompiled, Metaspace, byte fallback, Roberta's "&lt;s&gt; $A &lt;/s&gt;"). The vocabulary
 * is learned crudely from Brown sentences: frequent words with '▁', frequent substrings, and single
 * characters, scored by log frequency; 'z', 'Z' and '7' are left out so real words meet unknowns.
 */
final class UnigramTokenizers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPACE_MARK = "\u2581";

    /** nmt_nfkc-like rules: compatibility forms, spaces, deletions, one two-character key, a key with a longer twin. */
    static final Map<String, String> CHARSMAP_RULES = rules();

    private UnigramTokenizers() {
    }

    private static Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("\uFB01", "fi");
        rules.put("\uFB02", "fl");
        rules.put("\u2460", "1");
        rules.put("\u00B2", "2");
        rules.put("\u00BD", "1\u20442");
        rules.put("\uFF46", "f");
        rules.put("\uFF46\uFF46", "ff");
        rules.put("\uFF55", "u");
        rules.put("\uFF4C", "l");
        rules.put("\uFF21", "A");
        rules.put("\u3000", " ");
        rules.put("\u00A0", " ");
        rules.put("\t", " ");
        rules.put("\u2026", "...");
        rules.put("e\u0301", "\u00E9");
        rules.put("\u200B", "");
        rules.put("\u0001", "");
        rules.put("\u00C5", "A\u030A");
        return rules;
    }

    /** T5: unknowns fused into &lt;unk&gt; (id 2), no byte fallback. */
    static ObjectNode t5Style(List<String> sentences) {
        ObjectNode root = SyntheticTokenizers.base();
        ArrayNode added = root.putArray("added_tokens");
        List<String> specials = List.of("<pad>", "</s>", "<unk>");
        for (int id = 0; id < specials.size(); id++) SyntheticTokenizers.added(added, id, specials.get(id), true, false, false, false, false);
        ArrayNode normalizers = root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
        normalizers.add(precompiled());
        ObjectNode spaces = normalizers.addObject().put("type", "Replace");
        spaces.putObject("pattern").put("Regex", " {2,}");
        spaces.put("content", " ");
        ArrayNode pre = root.putObject("pre_tokenizer").put("type", "Sequence").putArray("pretokenizers");
        pre.addObject().put("type", "WhitespaceSplit");
        pre.add(metaspace("always"));
        ObjectNode template = root.putObject("post_processor").put("type", "TemplateProcessing");
        ArrayNode single = template.putArray("single");
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        template.putArray("pair");
        ObjectNode eos = template.putObject("special_tokens").putObject("</s>").put("id", "</s>");
        eos.putArray("ids").add(1);
        eos.putArray("tokens").add("</s>");
        root.set("model", unigram(specials, false, sentences, 2));
        return root;
    }

    /** XLM-R with byte fallback: ids 0..3 are &lt;s&gt; &lt;pad&gt; &lt;/s&gt; &lt;unk&gt;, then the 256 byte tokens. */
    static ObjectNode xlmrStyle(List<String> sentences) {
        ObjectNode root = SyntheticTokenizers.base();
        ArrayNode added = root.putArray("added_tokens");
        List<String> specials = List.of("<s>", "<pad>", "</s>", "<unk>");
        for (int id = 0; id < specials.size(); id++) SyntheticTokenizers.added(added, id, specials.get(id), true, false, false, false, false);
        root.set("normalizer", precompiled());
        root.set("pre_tokenizer", metaspace("always"));
        ObjectNode post = root.putObject("post_processor").put("type", "RobertaProcessing");
        post.set("sep", JSON.createArrayNode().add("</s>").add(2));
        post.set("cls", JSON.createArrayNode().add("<s>").add(0));
        post.put("trim_offsets", true).put("add_prefix_space", true);
        root.set("model", unigram(specials, true, sentences, 3));
        return root;
    }

    private static ObjectNode precompiled() {
        return JSON.createObjectNode().put("type", "Precompiled")
                .put("precompiled_charsmap", Base64.getEncoder().encodeToString(CharsmapEncoder.encode(CHARSMAP_RULES)));
    }

    private static ObjectNode metaspace(String prependScheme) {
        return JSON.createObjectNode().put("type", "Metaspace").put("replacement", SPACE_MARK)
                .put("prepend_scheme", prependScheme).put("split", true);
    }

    private static ObjectNode unigram(List<String> specials, boolean byteFallback, List<String> sentences, int unkId) {
        Map<String, Double> pieces = new LinkedHashMap<>();
        for (String special : specials) pieces.put(special, 0.0);
        if (byteFallback) for (int b = 0; b < 256; b++) pieces.put(String.format("<0x%02X>", b), 0.0);
        Map<String, Integer> words = new HashMap<>();
        Map<String, Integer> substrings = new HashMap<>();
        Map<String, Integer> characters = new HashMap<>();
        for (String sentence : sentences) {
            for (String word : sentence.split(" ")) {
                if (word.isEmpty() || word.matches(".*[zZ7].*")) continue;
                words.merge(SPACE_MARK + word, 1, Integer::sum);
                word.codePoints().forEach(cp -> characters.merge(Character.toString(cp), 1, Integer::sum));
                for (int length = 2; length <= 4; length++) {
                    for (int i = 0; i + length <= word.length(); i++) substrings.merge(word.substring(i, i + length), 1, Integer::sum);
                }
            }
        }
        double total = sentences.size() * 20.0;
        characters.put(SPACE_MARK, sentences.size() * 10);
        top(words, 300).forEach(w -> pieces.putIfAbsent(w, Math.log(words.get(w) / total)));
        top(substrings, 150).forEach(s -> pieces.putIfAbsent(s, Math.log(substrings.get(s) / total) - 1.5));
        top(characters, characters.size()).forEach(c -> pieces.putIfAbsent(c, Math.log(characters.get(c) / total) - 3));
        ObjectNode model = JSON.createObjectNode().put("type", "Unigram").put("unk_id", unkId).put("byte_fallback", byteFallback);
        ArrayNode vocab = model.putArray("vocab");
        pieces.forEach((piece, score) -> vocab.addArray().add(piece).add(score));
        return model;
    }

    /** The {@code n} most frequent keys, ties in string order so the vocabulary is reproducible. */
    private static List<String> top(Map<String, Integer> counts, int n) {
        return counts.keySet().stream()
                .sorted(Comparator.comparing((String k) -> -counts.get(k)).thenComparing(Comparator.naturalOrder()))
                .limit(n).toList();
    }
}
