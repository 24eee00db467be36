package dev.embspace.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embspace.io.model.LoadedModel;
import dev.embspace.io.model.ModelLoader;
import dev.embspace.io.tokenizer.Encoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code tokenize}: the ids and tokens the model's tokenizer makes of a text, special tokens included. */
@Command(name = "tokenize", header = "Ids and tokens the model's tokenizer makes of a text.", mixinStandardHelpOptions = true,
        description = "Encode a text with the model's tokenizer: ids and tokens, special tokens included.")
final class TokenizeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--text", required = true, paramLabel = "STR", description = "The text to encode.")
    String text;

    @Override
    public Integer call() {
        try (LoadedModel m = ModelLoader.load(model.ref, GlobalOptions.progress())) {
            Encoding encoding = m.tokenizer().encode(text);
            if (GlobalOptions.json()) {
                ObjectNode root = Json.object();
                ArrayNode ids = root.putArray("ids");
                for (int id : encoding.ids()) ids.add(id);
                ArrayNode tokens = root.putArray("tokens");
                encoding.tokens().forEach(tokens::add);
                Json.document(System.out, root);
            } else {
                for (int i = 0; i < encoding.size(); i++) {
                    System.out.printf("%6d  %s%n", encoding.id(i), TokenText.quote(m.vocabulary().readable(encoding.id(i))));
                }
            }
        }
        return 0;
    }
}
