package dev.embspace.io.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embspace.engine.BadInputException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Builds a {@link Tokenizer} from a parsed tokenizer.json: one method per pipeline stage, each
 * mapping the library's "type" names to our classes and its defaults to ours. A type we do not
 * implement is a BadInputException naming it, never a silently different tokenization.
 */
final class TokenizerJsonReader {

    private final JsonFile json;

    private TokenizerJsonReader(JsonFile json) {
        this.json = json;
    }

    static Tokenizer read(JsonFile json) {
        return new TokenizerJsonReader(json).tokenizer();
    }

    private Tokenizer tokenizer() {
        JsonNode root = json.object(json.root(), "top level");
        TokenVocabulary vocabulary = Vocabularies.fromTokenizerJson(json);
        Normalizer normalizer = normalizer(root.get("normalizer"), "normalizer");
        return new Tokenizer(vocabulary,
                new AddedVocabulary(AddedToken.readAll(json), normalizer),
                preTokenizer(root.get("pre_tokenizer"), "pre_tokenizer"),
                model(json.object(root.get("model"), "model")),
                postProcessor(root.get("post_processor"), "post_processor"),
                truncation(root.get("truncation")));
    }

    private Normalizer normalizer(JsonNode node, String where) {
        if (absent(node)) return new Normalizer.Identity();
        return switch (type(node, where)) {
            case "BertNormalizer" -> {
                boolean lowercase = json.bool(node.get("lowercase"), where + ".lowercase", true);
                yield new BertNormalizer(json.bool(node.get("clean_text"), where + ".clean_text", true),
                        json.bool(node.get("handle_chinese_chars"), where + ".handle_chinese_chars", true),
                        // The library's null means: strip accents exactly when lowercasing.
                        json.bool(node.get("strip_accents"), where + ".strip_accents", lowercase),
                        lowercase);
            }
            case "Lowercase" -> new Normalizer.Lowercase();
            case "NFD" -> new Normalizer.Nfd();
            case "NFKD" -> new Normalizer.Nfkd();
            case "NFC" -> new Normalizer.Nfc();
            case "NFKC" -> new Normalizer.Nfkc();
            case "StripAccents" -> new Normalizer.StripAccents();
            case "Replace" -> new Normalizer.Replace(pattern(node.get("pattern"), where + ".pattern"),
                    json.text(node.get("content"), where + ".content"));
            case "Prepend" -> new Normalizer.Prepend(json.text(node.get("prepend"), where + ".prepend"));
            case "Strip" -> new Normalizer.Strip(json.bool(node.get("strip_left"), where + ".strip_left", true),
                    json.bool(node.get("strip_right"), where + ".strip_right", true));
            case "ByteLevel" -> new Normalizer.ByteLevel();
            case "Precompiled" -> PrecompiledNormalizer.parse(json.path(), base64(node.get("precompiled_charsmap"),
                    where + ".precompiled_charsmap"));
            case "Sequence" -> new Normalizer.Sequence(list(node.get("normalizers"), where + ".normalizers", this::normalizer));
            default -> throw unsupported(where, node);
        };
    }

    private PreTokenizer preTokenizer(JsonNode node, String where) {
        if (absent(node)) return new PreTokenizer.None();
        return switch (type(node, where)) {
            case "BertPreTokenizer" -> new BertPreTokenizer();
            case "ByteLevel" -> new ByteLevelPreTokenizer(json.bool(node.get("add_prefix_space"), where + ".add_prefix_space", true),
                    json.bool(node.get("use_regex"), where + ".use_regex", true));
            case "Whitespace" -> new PreTokenizer.Whitespace();
            case "WhitespaceSplit" -> new PreTokenizer.WhitespaceSplit();
            case "Punctuation" -> new PreTokenizer.Punctuation(behavior(node.get("behavior"), where + ".behavior", SplitBehavior.ISOLATED));
            case "Digits" -> new PreTokenizer.Digits(json.bool(node.get("individual_digits"), where + ".individual_digits", false));
            case "CharDelimiterSplit" -> new PreTokenizer.CharDelimiterSplit(character(node.get("delimiter"), where + ".delimiter"));
            case "Split" -> new PreTokenizer.Split(pattern(node.get("pattern"), where + ".pattern"),
                    behavior(node.get("behavior"), where + ".behavior", null),
                    json.bool(node.get("invert"), where + ".invert", false));
            case "Metaspace" -> new PreTokenizer.Metaspace(character(node.get("replacement"), where + ".replacement"),
                    prependScheme(node, where), json.bool(node.get("split"), where + ".split", true));
            case "Sequence" -> new PreTokenizer.Sequence(list(node.get("pretokenizers"), where + ".pretokenizers", this::preTokenizer));
            default -> throw unsupported(where, node);
        };
    }

    /** Files from before prepend_scheme existed say add_prefix_space: true means "always". */
    private PreTokenizer.Metaspace.PrependScheme prependScheme(JsonNode node, String where) {
        JsonNode scheme = node.get("prepend_scheme");
        if (absent(scheme)) {
            return json.bool(node.get("add_prefix_space"), where + ".add_prefix_space", true)
                    ? PreTokenizer.Metaspace.PrependScheme.ALWAYS : PreTokenizer.Metaspace.PrependScheme.NEVER;
        }
        return switch (json.text(scheme, where + ".prepend_scheme")) {
            case "always" -> PreTokenizer.Metaspace.PrependScheme.ALWAYS;
            case "first" -> PreTokenizer.Metaspace.PrependScheme.FIRST;
            case "never" -> PreTokenizer.Metaspace.PrependScheme.NEVER;
            default -> throw json.error(where + ".prepend_scheme", "unknown value '" + scheme.textValue()
                    + "' (expected always, first or never)");
        };
    }

    private TokenModel model(JsonNode node) {
        ModelType type = ModelType.of(json, node);
        return switch (type) {
            case WORDPIECE -> new WordPieceModel(json.path(), vocab(node),
                    optionalText(node.get("unk_token"), "model.unk_token", "[UNK]"),
                    optionalText(node.get("continuing_subword_prefix"), "model.continuing_subword_prefix", "##"),
                    absent(node.get("max_input_chars_per_word")) ? 100
                            : json.integer(node.get("max_input_chars_per_word"), "model.max_input_chars_per_word"));
            case BPE -> new BpeModel(json.path(), vocab(node), merges(node.get("merges")), new BpeModel.Options(
                    optionalText(node.get("unk_token"), "model.unk_token", null),
                    optionalText(node.get("continuing_subword_prefix"), "model.continuing_subword_prefix", null),
                    optionalText(node.get("end_of_word_suffix"), "model.end_of_word_suffix", null),
                    json.bool(node.get("fuse_unk"), "model.fuse_unk", false),
                    json.bool(node.get("byte_fallback"), "model.byte_fallback", false),
                    json.bool(node.get("ignore_merges"), "model.ignore_merges", false)));
            case WORDLEVEL -> new WordLevelModel(json.path(), vocab(node),
                    optionalText(node.get("unk_token"), "model.unk_token", "[UNK]"));
            case UNIGRAM -> unigram(node);
        };
    }

    /** {"vocab": [[piece, score], ...], "unk_id": id or null, "byte_fallback": bool}. */
    private UnigramModel unigram(JsonNode node) {
        JsonNode vocab = json.array(node.get("vocab"), "model.vocab");
        if (vocab.isEmpty()) throw json.error("model.vocab", "the vocabulary is empty");
        List<String> pieces = new ArrayList<>(vocab.size());
        double[] scores = new double[vocab.size()];
        for (int id = 0; id < vocab.size(); id++) {
            String where = "model.vocab[" + id + "]";
            JsonNode entry = json.array(vocab.get(id), where);
            if (entry.size() != 2) throw json.error(where, "expected [piece, score]");
            pieces.add(json.text(entry.get(0), where + "[0]"));
            scores[id] = json.number(entry.get(1), where + "[1]");
        }
        int unkId = -1;
        if (!absent(node.get("unk_id"))) {
            unkId = json.integer(node.get("unk_id"), "model.unk_id");
            if (unkId < 0 || unkId >= pieces.size()) {
                throw json.error("model.unk_id", unkId + " is outside the vocabulary of " + pieces.size() + " pieces");
            }
        }
        return new UnigramModel(json.path(), pieces, scores, unkId, json.bool(node.get("byte_fallback"), "model.byte_fallback", false));
    }

    private byte[] base64(JsonNode node, String where) {
        try {
            return Base64.getDecoder().decode(json.text(node, where));
        } catch (IllegalArgumentException e) {
            throw json.error(where, "not base64: " + e.getMessage());
        }
    }

    private Map<String, Integer> vocab(JsonNode model) {
        JsonNode vocab = json.object(model.get("vocab"), "model.vocab");
        Map<String, Integer> map = new HashMap<>(vocab.size() * 2);
        for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
            map.put(entry.getKey(), json.integer(entry.getValue(), "model.vocab[\"" + entry.getKey() + "\"]"));
        }
        return map;
    }

    /** Merges as "left right" strings (older files) or as [left, right] pairs (newer ones). */
    private List<String[]> merges(JsonNode node) {
        if (absent(node)) return List.of();
        json.array(node, "model.merges");
        List<String[]> merges = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String where = "model.merges[" + i + "]";
            JsonNode merge = node.get(i);
            if (merge.isTextual()) {
                String[] parts = merge.textValue().split(" ", -1);
                if (parts.length != 2) throw json.error(where, "expected two symbols separated by one space");
                merges.add(parts);
            } else {
                json.array(merge, where);
                if (merge.size() != 2) throw json.error(where, "expected a pair of symbols");
                merges.add(new String[] {json.text(merge.get(0), where + "[0]"), json.text(merge.get(1), where + "[1]")});
            }
        }
        return merges;
    }

    private PostProcessor postProcessor(JsonNode node, String where) {
        if (absent(node)) return new PostProcessor.None();
        return switch (type(node, where)) {
            case "TemplateProcessing" -> template(node, where);
            case "BertProcessing" -> new PostProcessor.Bert(tokenPair(node.get("cls"), where + ".cls"),
                    tokenPair(node.get("sep"), where + ".sep"));
            case "RobertaProcessing" -> new PostProcessor.Roberta(tokenPair(node.get("cls"), where + ".cls"),
                    tokenPair(node.get("sep"), where + ".sep"));
            case "ByteLevel" -> new PostProcessor.ByteLevel();
            case "Sequence" -> new PostProcessor.Sequence(list(node.get("processors"), where + ".processors", this::postProcessor));
            default -> throw unsupported(where, node);
        };
    }

    private TemplateProcessing template(JsonNode node, String where) {
        JsonNode specials = node.get("special_tokens");
        JsonNode single = json.array(node.get("single"), where + ".single");
        List<TemplateProcessing.Part> parts = new ArrayList<>();
        for (int i = 0; i < single.size(); i++) {
            String at = where + ".single[" + i + "]";
            JsonNode part = json.object(single.get(i), at);
            if (part.has("Sequence")) {
                JsonNode sequence = json.object(part.get("Sequence"), at + ".Sequence");
                parts.add(new TemplateProcessing.SequencePart(json.integer(sequence.get("type_id"), at + ".Sequence.type_id")));
            } else if (part.has("SpecialToken")) {
                JsonNode special = json.object(part.get("SpecialToken"), at + ".SpecialToken");
                String id = json.text(special.get("id"), at + ".SpecialToken.id");
                String entryWhere = where + ".special_tokens[\"" + id + "\"]";
                JsonNode entry = json.object(specials == null ? null : specials.get(id), entryWhere);
                JsonNode ids = json.array(entry.get("ids"), entryWhere + ".ids");
                JsonNode tokens = json.array(entry.get("tokens"), entryWhere + ".tokens");
                if (ids.size() != tokens.size()) throw json.error(entryWhere, "ids and tokens differ in length");
                List<Token> group = new ArrayList<>();
                for (int k = 0; k < ids.size(); k++) {
                    group.add(new Token(json.integer(ids.get(k), entryWhere + ".ids[" + k + "]"),
                            json.text(tokens.get(k), entryWhere + ".tokens[" + k + "]")));
                }
                parts.add(new TemplateProcessing.SpecialPart(group,
                        json.integer(special.get("type_id"), at + ".SpecialToken.type_id")));
            } else {
                throw json.error(at, "expected a Sequence or a SpecialToken");
            }
        }
        return new TemplateProcessing(parts);
    }

    /** BertProcessing's ["[CLS]", 101] form. */
    private Token tokenPair(JsonNode node, String where) {
        json.array(node, where);
        if (node.size() != 2) throw json.error(where, "expected [token, id]");
        return new Token(json.integer(node.get(1), where + "[1]"), json.text(node.get(0), where + "[0]"));
    }

    private Truncation truncation(JsonNode node) {
        if (absent(node)) return null;
        json.object(node, "truncation");
        String direction = absent(node.get("direction")) ? "Right" : json.text(node.get("direction"), "truncation.direction");
        if (!direction.equals("Right") && !direction.equals("Left")) {
            throw json.error("truncation.direction", "unknown value '" + direction + "' (expected Right or Left)");
        }
        String strategy = absent(node.get("strategy")) ? "LongestFirst" : json.text(node.get("strategy"), "truncation.strategy");
        if (strategy.equals("OnlySecond")) {
            throw json.error("truncation.strategy", "OnlySecond truncates the second of a pair of texts; one text has none");
        }
        int maxLength = json.integer(node.get("max_length"), "truncation.max_length");
        if (maxLength < 0) throw json.error("truncation.max_length", "negative length " + maxLength);
        return new Truncation(maxLength, direction.equals("Left"));
    }

    private TextPattern pattern(JsonNode node, String where) {
        json.object(node, where);
        try {
            if (node.has("String")) {
                return TextPattern.literal(json.text(node.get("String"), where + ".String"), json.path() + ": " + where + ".String");
            }
            if (node.has("Regex")) {
                return TextPattern.regex(json.text(node.get("Regex"), where + ".Regex"), json.path() + ": " + where + ".Regex");
            }
        } catch (PatternSyntaxException e) {
            throw json.error(where + ".Regex", "invalid regular expression: " + e.getDescription());
        }
        throw json.error(where, "expected {\"String\": ...} or {\"Regex\": ...}");
    }

    private SplitBehavior behavior(JsonNode node, String where, SplitBehavior absent) {
        if (absent(node) && absent != null) return absent;
        return switch (json.text(node, where)) {
            case "Removed" -> SplitBehavior.REMOVED;
            case "Isolated" -> SplitBehavior.ISOLATED;
            case "MergedWithPrevious" -> SplitBehavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> SplitBehavior.MERGED_WITH_NEXT;
            case "Contiguous" -> SplitBehavior.CONTIGUOUS;
            default -> throw json.error(where, "unknown split behavior '" + node.textValue() + "'");
        };
    }

    private int character(JsonNode node, String where) {
        String text = json.text(node, where);
        if (text.codePointCount(0, text.length()) != 1) throw json.error(where, "expected a single character");
        return text.codePointAt(0);
    }

    private String optionalText(JsonNode node, String where, String absent) {
        return absent(node) ? absent : json.text(node, where);
    }

    private String type(JsonNode node, String where) {
        json.object(node, where);
        return json.text(node.get("type"), where + ".type");
    }

    private BadInputException unsupported(String where, JsonNode node) {
        return json.error(where + ".type", "'" + node.get("type").textValue() + "' is not supported");
    }

    private <T> List<T> list(JsonNode node, String where, Element<T> element) {
        json.array(node, where);
        List<T> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(element.read(node.get(i), where + "[" + i + "]"));
        return out;
    }

    @FunctionalInterface
    private interface Element<T> {
        T read(JsonNode node, String where);
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }
}
