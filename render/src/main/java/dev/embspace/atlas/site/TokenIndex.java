package dev.embspace.atlas.site;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.embspace.engine.project.ReverseIndex;
import dev.embspace.engine.project.UnitScore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The search page's data, one script per block of {@value #SHARD} token ids
 * ({@code data/tokens/N.js}), so a search loads only the blocks of the tokens it asks about: for
 * each token the units whose top-k lists it ({@code "in"}: unit code, rank pairs).
 */
public final class TokenIndex {

    /** Tokens per file: about 1,000 files' worth of a 50k vocabulary would be too many, 50 is fine. */
    public static final int SHARD = 1024;

    private TokenIndex() {
    }

    public static void write(Path site, int vocabulary, TokenMembership.Grouped membership, UnitCodes codes,
                             List<ReverseIndex> reverse) throws IOException {
        for (int first = 0; first < vocabulary; first += SHARD) {
            int last = Math.min(vocabulary, first + SHARD);
            int shard = first / SHARD;
            try (ScriptData data = ScriptData.create(site.resolve("data/tokens/" + shard + ".js"), "tokens-" + shard)) {
                JsonGenerator json = data.json();
                json.writeStartObject();
                json.writeObjectFieldStart("in");
                for (int t = first; t < last; t++) {
                    int from = membership.offsets()[t], to = membership.offsets()[t + 1];
                    if (from == to) continue;
                    json.writeArrayFieldStart(Integer.toString(t));
                    for (int e = from; e < to; e++) {
                        json.writeNumber(membership.codes()[e]);
                        json.writeNumber(membership.ranks()[e]);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
                for (int kind = 0; kind < reverse.size(); kind++) {
                    json.writeObjectFieldStart(codes.kinds().get(kind).label());
                    for (int t = first; t < last; t++) {
                        List<UnitScore> units = reverse.get(kind).units(t);
                        if (units.isEmpty()) continue;
                        json.writeArrayFieldStart(Integer.toString(t));
                        for (UnitScore u : units) {
                            json.writeNumber(u.unit());
                            data.score(u.score());
                        }
                        json.writeEndArray();
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
        }
    }
}
