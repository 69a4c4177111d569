package dev.cliauth.verification;

/**
 * Names from the table as the pages show them. The admin tool refuses control and invisible
 * formatting characters in names, but an item written another way may hold them: each one is shown
 * as U+FFFD, so a line break or a right-to-left override can neither hide part of a name nor be
 * rewritten by the browser (form submission turns line breaks into CRLF) between the page and the
 * signed decision that carries the name back.
 */
final class DisplayText {

    private DisplayText() {
    }

    static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            boolean hidden = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE;
            out.appendCodePoint(hidden ? 0xFFFD : cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
