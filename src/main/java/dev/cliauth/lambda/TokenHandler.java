package dev.cliauth.lambda;

import dev.cliauth.config.Functions;

import java.util.Map;

/** Lambda entry point of the token function; its routes are in {@code template.yaml}. */
public final class TokenHandler extends CliauthFunction {

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    public TokenHandler() {
        super();
    }

    /** For tests and local mode: the same function with extra properties and beans. */
    public TokenHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.TOKEN, properties, singletons);
    }

    @Override
    protected String environment() {
        return Functions.TOKEN;
    }
}
