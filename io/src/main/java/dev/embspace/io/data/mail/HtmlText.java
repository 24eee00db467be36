package dev.embspace.io.data.mail;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML reduced to the text a reader sees: comments, scripts, styles and the head dropped, tags
 * removed, block-level tags turned into line breaks, character references decoded. Not a full
 * HTML parser, which the junk HTML of spam would defeat anyway; a tolerant scanner is what mail
 * classifiers use.
 */
final class HtmlText {

    private static final Pattern INVISIBLE = Pattern.compile(
            "(?is)<!--.*?-->|<(script|style|head|title)\\b[^>]*>.*?</\\1\\s*>|<!\\[CDATA\\[.*?]]>|<![^>]*>|<\\?[^>]*>");
    private static final Pattern TAG = Pattern.compile("(?s)</?([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*>");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?");
    private static final Set<String> BLOCKS = Set.of("p", "br", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3",
            "h4", "h5", "h6", "blockquote", "pre", "hr", "dd", "dt", "center", "form", "body", "html", "td", "th");
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("nbsp", " "), Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"),
            Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("copy", "\u00a9"), Map.entry("reg", "\u00ae"),
            Map.entry("trade", "\u2122"), Map.entry("euro", "\u20ac"), Map.entry("pound", "\u00a3"), Map.entry("yen", "\u00a5"),
            Map.entry("cent", "\u00a2"), Map.entry("mdash", "\u2014"), Map.entry("ndash", "\u2013"), Map.entry("hellip", "\u2026"),
            Map.entry("lsquo", "\u2018"), Map.entry("rsquo", "\u2019"), Map.entry("ldquo", "\u201c"), Map.entry("rdquo", "\u201d"),
            Map.entry("bull", "\u2022"), Map.entry("middot", "\u00b7"), Map.entry("laquo", "\u00ab"), Map.entry("raquo", "\u00bb"),
            Map.entry("eacute", "\u00e9"), Map.entry("egrave", "\u00e8"), Map.entry("agrave", "\u00e0"), Map.entry("uuml", "\u00fc"),
            Map.entry("ouml", "\u00f6"), Map.entry("auml", "\u00e4"), Map.entry("szlig", "\u00df"), Map.entry("ccedil", "\u00e7"),
            Map.entry("deg", "\u00b0"), Map.entry("times", "\u00d7"), Map.entry("frac12", "\u00bd"), Map.entry("sect", "\u00a7"));

    private HtmlText() {
    }

    static String toText(String html) {
        // source line breaks are not line breaks in HTML (the block tags below are), so all white
        // space runs become one space first
        String visible = INVISIBLE.matcher(html).replaceAll(" ").replaceAll("\\s+", " ");
        Matcher tags = TAG.matcher(visible);
        StringBuilder out = new StringBuilder(visible.length());
        int last = 0;
        while (tags.find()) {
            out.append(visible, last, tags.start());
            out.append(BLOCKS.contains(tags.group(1).toLowerCase(Locale.ROOT)) ? "\n" : " ");
            last = tags.end();
        }
        out.append(visible.substring(last));
        return decodeReferences(out.toString());
    }

    static String decodeReferences(String s) {
        Matcher m = REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(reference(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String reference(String body, String whole) {
        if (body.startsWith("#")) {
            try {
                int code = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X')
                        ? Integer.parseInt(body.substring(2), 16) : Integer.parseInt(body.substring(1));
                return Character.isValidCodePoint(code) && code != 0 ? Character.toString(code) : " ";
            } catch (NumberFormatException e) {
                return whole;
            }
        }
        String named = ENTITIES.get(body);
        if (named == null) named = ENTITIES.get(body.toLowerCase(Locale.ROOT));
        return named != null ? named : whole;
    }
}
