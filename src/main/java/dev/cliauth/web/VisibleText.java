package dev.cliauth.web;

/**
 * Which characters a name or a typed value may not show as themselves: control characters, line
 * and paragraph separators, invisible formatting (a right-to-left override), unassigned, lone
 * surrogate and private-use code points. The admin tool refuses them in names; the pages and the
 * audit trail show each as U+FFFD, so such a character can neither hide part of a text nor be
 * rewritten by a browser (form submission turns line breaks into CRLF) between a page and the
 * signed form that carries the text back.
 */
public final class VisibleText {

    private VisibleText() {
    }

    /** Whether code point {@code cp} would not show as itself. */
    public static boolean hidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                || type == Character.SURROGATE || type == Character.PRIVATE_USE;
    }

    /** {@code text} with every hidden code point as U+FFFD; null stays null. */
    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(hidden(cp) ? 0xFFFD : cp));
        return out.toString();
    }
}
