package dev.embspace.io.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library's documented example of each split behaviour: "the-final--countdown" at '-'. */
class SplitBehaviorTest {

    private static List<String> split(SplitBehavior behavior, String text) {
        List<Piece> out = new ArrayList<>();
        behavior.split(new Piece(text, true), TextPattern.spans(text, cp -> cp == '-'), out);
        return out.stream().map(Piece::text).toList();
    }

    @Test
    void eachBehaviourTreatsTheDelimitersAsDocumented() {
        String text = "the-final--countdown";
        assertEquals(List.of("the", "final", "countdown"), split(SplitBehavior.REMOVED, text));
        assertEquals(List.of("the", "-", "final", "-", "-", "countdown"), split(SplitBehavior.ISOLATED, text));
        assertEquals(List.of("the-", "final-", "-", "countdown"), split(SplitBehavior.MERGED_WITH_PREVIOUS, text));
        assertEquals(List.of("the", "-final", "-", "-countdown"), split(SplitBehavior.MERGED_WITH_NEXT, text));
        assertEquals(List.of("the", "-", "final", "--", "countdown"), split(SplitBehavior.CONTIGUOUS, text));
    }

    @Test
    void onlyThePieceAtTheStartOfTheInputKeepsTheStartMark() {
        List<Piece> out = new ArrayList<>();
        SplitBehavior.ISOLATED.split(new Piece("a-b", true), TextPattern.spans("a-b", cp -> cp == '-'), out);
        assertEquals(List.of(true, false, false), out.stream().map(Piece::atStart).toList());
    }

    @Test
    void emptyTextGivesNoPieces() {
        assertEquals(List.of(), split(SplitBehavior.ISOLATED, ""));
        assertEquals(List.of(), split(SplitBehavior.REMOVED, "---"));
    }
}
