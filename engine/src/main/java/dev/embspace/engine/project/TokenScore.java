package dev.embspace.engine.project;

/** A token id and its score. */
public record TokenScore(int id, float score) {

    /** True when this ranks before {@code other}: higher score, ties broken by the lower id. */
    public boolean before(TokenScore other) {
        return TopK.before(score, id, other.score, other.id);
    }
}
