package dev.cliauth.lambda;

import java.util.Map;

/** Lambda entry point of the token function; its routes are in {@code template.yaml}. */
public final class TokenHandler extends CliauthFunction {

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    public TokenHandler() {
        this(Map.of());
    }

    /** For tests and local mode: the same function with extra properties and beans. */
    public TokenHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.TOKEN, properties, singletons);
    }
}
