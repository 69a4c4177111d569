package dev.cliauth.local.dynamo;

/** One token of an expression and where it starts. */
record Token(Kind kind, String text, int at) {

    enum Kind {
        /** A bare word: an attribute name, a keyword or a function name. */
        WORD,
        /** {@code #name}. */
        NAME_REF,
        /** {@code :value}. */
        VALUE_REF,
        /** Digits, inside {@code [ ]}. */
        INTEGER,
        /** Punctuation and comparators. */
        SYMBOL,
        END
    }

    boolean is(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }
}
