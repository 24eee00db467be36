package dev.embspace.engine.project;

import java.util.List;

/** The top-k tokens of E x (highest score first) and, when asked, the bottom-k (lowest first). */
public record Projection(List<TokenScore> top, List<TokenScore> bottom) {

    public Projection {
        top = List.copyOf(top);
        bottom = List.copyOf(bottom);
    }
}
