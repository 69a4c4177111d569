package dev.cliauth.local.dynamo;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into {@link Token}s. */
final class Lexer {

    private Lexer() {
    }

    static List<Token> tokens(String text, String kind) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < text.length() && wordChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw syntax(kind, text, start, String.valueOf(c));
                }
                out.add(new Token(c == '#' ? Token.Kind.NAME_REF : Token.Kind.VALUE_REF, text.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && wordChar(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Kind.WORD, text.substring(start, i), start));
            } else if (c >= '0' && c <= '9') {
                while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                out.add(new Token(Token.Kind.INTEGER, text.substring(start, i), start));
            } else if (c == '<' && i + 1 < text.length() && (text.charAt(i + 1) == '=' || text.charAt(i + 1) == '>')) {
                out.add(new Token(Token.Kind.SYMBOL, text.substring(i, i + 2), start));
                i += 2;
            } else if (c == '>' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                out.add(new Token(Token.Kind.SYMBOL, ">=", start));
                i += 2;
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), start));
                i++;
            } else {
                throw syntax(kind, text, start, String.valueOf(c));
            }
        }
        out.add(new Token(Token.Kind.END, "<EOF>", text.length()));
        return out;
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    static DynamoException syntax(String kind, String text, int at, String token) {
        int from = Math.max(0, at - 10);
        int to = Math.min(text.length(), at + Math.max(token.length(), 1) + 10);
        return DynamoException.validation("Invalid " + kind + ": Syntax error; token: \"" + token + "\", near: \""
                + text.substring(from, to) + "\"");
    }
}
