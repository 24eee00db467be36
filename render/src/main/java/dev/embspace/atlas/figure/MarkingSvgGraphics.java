package dev.embspace.atlas.figure;

import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import java.awt.Graphics;
import java.util.Map;
import java.util.Set;

/**
 * Batik's SVG generator that can wrap what is drawn between {@link #beginMark} and {@link #endMark}
 * in a {@code <g class="mark KIND" data-...>} group with a {@code <title>}. Batik collects drawing
 * into a top-level group that {@code getTopLevelGroup(false)} hands over and restarts (keeping the
 * clip paths and gradients for the end), so at a mark's begin what was drawn so far moves into the
 * document body, and at its end the mark's own drawing becomes the mark group. Copies made by
 * {@link #create()} (JFreeChart makes some) share the DOM tree, and so the body and the open mark.
 */
final class MarkingSvgGraphics extends SVGGraphics2D {

    /** What copies share: where finished drawing goes, and the mark being drawn (null between marks). */
    private static final class Body {
        final Element element;
        Element openMark;

        Body(Element element) {
            this.element = element;
        }
    }

    private final Body body;

    /** @param body the element (usually the svg root) that collects the drawing in order */
    MarkingSvgGraphics(SVGGeneratorContext context, Element body) {
        super(context, false);
        this.body = new Body(body);
    }

    private MarkingSvgGraphics(MarkingSvgGraphics original) {
        super(original);
        this.body = original.body;
    }

    @Override
    public Graphics create() {
        return new MarkingSvgGraphics(this);
    }

    /** Opens a mark group: {@code data} becomes {@code data-NAME} attributes, {@code title} its hover text. */
    void beginMark(String classes, Map<String, String> data, String title) {
        if (body.openMark != null) throw new IllegalStateException("marks do not nest");
        flushInto(body.element);
        Element mark = getDOMFactory().createElementNS(SVG_NAMESPACE_URI, SVG_G_TAG);
        mark.setAttributeNS(null, "class", classes);
        data.forEach((name, value) -> mark.setAttributeNS(null, "data-" + name, value));
        if (title != null) {
            Element titleElement = getDOMFactory().createElementNS(SVG_NAMESPACE_URI, "title");
            titleElement.setTextContent(title);
            mark.appendChild(titleElement);
        }
        body.openMark = mark;
    }

    /** Closes the open mark group: what was drawn since {@link #beginMark} goes inside it. */
    void endMark() {
        Element mark = body.openMark;
        if (mark == null) throw new IllegalStateException("no mark is open");
        flushInto(mark);
        hoistStyle(mark);
        body.openMark = null;
        body.element.appendChild(mark);
    }

    /** Text styles, which say nothing to a mark that holds no text. */
    private static final Set<String> TEXT_STYLE = Set.of("font-family", "font-size", "font-style", "font-weight",
            "text-rendering");

    /**
     * Batik wraps a mark's drawing in a style group ({@code <g fill=... stroke=...><rect/></g>}); when
     * that group is all there is, its attributes move onto the mark group and it goes, keeping a
     * heatmap of thousands of cells small. Text styles are dropped on marks without text.
     */
    private static void hoistStyle(Element mark) {
        Element only = null;
        for (Node child = mark.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element e) || "title".equals(e.getLocalName())) continue;
            if (only != null) return;
            only = e;
        }
        if (only == null || !SVG_G_TAG.equals(only.getLocalName()) || only.hasAttribute("id")) return;
        boolean text = only.getElementsByTagNameNS(SVG_NAMESPACE_URI, "text").getLength() > 0;
        NamedNodeMap attributes = only.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (text || !TEXT_STYLE.contains(a.getName())) mark.setAttributeNS(a.getNamespaceURI(), a.getName(), a.getValue());
        }
        while (only.getFirstChild() != null) mark.insertBefore(only.getFirstChild(), only);
        mark.removeChild(only);
    }

    /** Moves what was drawn since the last flush into {@code target}, without Batik's wrapping group. */
    void flushInto(Element target) {
        Element drawn = getTopLevelGroup(false);
        for (Node child = drawn.getFirstChild(); child != null; child = drawn.getFirstChild()) {
            target.appendChild(child);
        }
    }
}
