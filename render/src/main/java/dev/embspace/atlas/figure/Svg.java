package dev.embspace.atlas.figure;

import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGIDGenerator;
import org.apache.batik.svggen.SVGSyntax;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.util.List;

/** Draws JFreeChart charts onto Batik's SVG generator and returns the standalone SVG document. */
final class Svg {

    /** Two decimals of a pixel are invisible, and keep heatmaps of thousands of cells small. */
    private static final int PRECISION = 2;

    private Svg() {
    }

    /** One chart filling a {@code width} x {@code height} canvas. */
    static String of(String name, JFreeChart chart, int width, int height) {
        return grid(name, List.of(chart), 1, width, height);
    }

    /**
     * Several charts on one canvas, row by row, {@code columns} to a row, each in a cell of
     * {@code cellWidth} x {@code cellHeight}.
     *
     * @param name prefixes the ids of the document's clip paths and gradients, so that several
     *             figures can be inlined in one HTML page without their ids colliding
     */
    static String grid(String name, List<JFreeChart> charts, int columns, int cellWidth, int cellHeight) {
        int rows = (charts.size() + columns - 1) / columns;
        int width = columns * cellWidth, height = rows * cellHeight;
        String idPrefix = name.replaceAll("[^A-Za-z0-9_-]", "_") + "-";
        // the JDK's DOM is enough for the generator: no Batik DOM on the classpath
        Document document = newDocument();
        Element root = document.createElementNS(SVGSyntax.SVG_NAMESPACE_URI, SVGSyntax.SVG_SVG_TAG);
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
        context.setIDGenerator(new SVGIDGenerator() {
            @Override
            public String generateID(String prefix) {
                return super.generateID(idPrefix + prefix);
            }
        });
        context.setPrecision(PRECISION);
        context.setComment(null);
        MarkingSvgGraphics g2 = new MarkingSvgGraphics(context, root);
        g2.setSVGCanvasSize(new Dimension(width, height));
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g2, new Rectangle2D.Double((i % columns) * cellWidth, (i / columns) * cellHeight,
                    cellWidth, cellHeight));
        }
        g2.flushInto(root);
        // appends the definitions (clip paths, gradients) and sets width, height and the default style
        g2.getRoot(root);
        root.setAttributeNS(null, "viewBox", "0 0 " + width + " " + height);
        // Batik names the generic definitions "genericDefs" whatever the id generator: drop them when empty, else prefix
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element defs && SVGSyntax.ID_PREFIX_GENERIC_DEFS.equals(defs.getAttribute("id"))) {
                if (defs.hasChildNodes()) defs.setAttributeNS(null, "id", idPrefix + SVGSyntax.ID_PREFIX_GENERIC_DEFS);
                else root.removeChild(defs);
                break;
            }
        }
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", SVGSyntax.SVG_NAMESPACE_URI);
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xlink", SVGSyntax.XLINK_NAMESPACE_URI);
        return serialize(root);
    }

    /**
     * The JDK's serializer rather than Batik's: Batik's writes a DOCTYPE (which an HTML page that
     * inlines the figure must not hold) and breaks lines inside tags; this is one line, attributes
     * as presentation attributes rather than style="..." so that a page's CSS can restyle a mark.
     */
    private static String serialize(Element root) {
        try {
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter out = new StringWriter();
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            transformer.transform(new DOMSource(root), new StreamResult(out));
            out.write("\n");
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize the figure's SVG: " + e.getMessage(), e);
        }
    }

    private static Document newDocument() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK has no XML document builder", e);
        }
    }
}
