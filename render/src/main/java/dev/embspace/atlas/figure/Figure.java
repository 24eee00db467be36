package dev.embspace.atlas.figure;

/**
 * One figure, ready to be written or embedded: the drawing and the numbers it draws.
 *
 * @param name  a file-name stem, such as {@code pairs} or {@code align-ff.key}
 * @param title what the figure shows, in words
 * @param svg   a standalone SVG document (XML declaration, width, height, viewBox)
 * @param csv   the figure's data as CSV with a header row
 * @param json  the same data as one JSON document
 */
public record Figure(String name, String title, String svg, String csv, String json) {
}
