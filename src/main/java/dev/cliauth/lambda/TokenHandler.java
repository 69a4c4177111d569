package dev.cliauth.lambda;

import java.util.Map;

/** Lambda entry point of the token function; its routes are in {@code template.yaml}. */
public final class TokenHandler extends CliauthFunction {

    public TokenHandler() {
        super();
    }

    public TokenHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.TOKEN, properties, singletons);
    }

    @Override
    protected String environment() {
        return Functions.TOKEN;
    }

    @Override
    protected boolean htmlErrors() {
        return false;
    }
}
