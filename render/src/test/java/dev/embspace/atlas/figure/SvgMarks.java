package dev.embspace.atlas.figure;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A figure's SVG parsed as XML (so it must be well-formed), and the marks in it by class. */
final class SvgMarks {

    private final Document document;

    private SvgMarks(Document document) {
        this.document = document;
    }

    static SvgMarks parse(String svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
            assertEquals("svg", doc.getDocumentElement().getLocalName());
            assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
            return new SvgMarks(doc);
        } catch (Exception e) {
            throw new AssertionError("the figure is not well-formed SVG: " + e.getMessage(), e);
        }
    }

    Element root() {
        return document.getDocumentElement();
    }

    /** The mark groups whose class list holds every one of {@code classes} (and "mark"). */
    List<Element> marks(String... classes) {
        List<Element> out = new ArrayList<>();
        NodeList groups = document.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            List<String> own = Arrays.asList(g.getAttribute("class").split("\\s+"));
            if (own.contains("mark") && own.containsAll(Arrays.asList(classes))) out.add(g);
        }
        return out;
    }

    /** Every mark group holds something drawn (a shape), not an empty group. */
    static boolean drawn(Element mark) {
        NodeList children = mark.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e && !e.getLocalName().equals("title")) return true;
        }
        return false;
    }

    /** The text of every {@code <text>} element, in document order. */
    List<String> texts() {
        List<String> out = new ArrayList<>();
        NodeList texts = document.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < texts.getLength(); i++) out.add(texts.item(i).getTextContent());
        return out;
    }
}
