package dev.cliauth.lambda;

import java.util.Map;

/** Lambda entry point of the verification function; its routes are in {@code template.yaml}. */
public final class VerificationHandler extends CliauthFunction {

    public VerificationHandler() {
        super();
    }

    public VerificationHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.VERIFICATION, properties, singletons);
    }

    @Override
    protected String environment() {
        return Functions.VERIFICATION;
    }

    @Override
    protected boolean htmlErrors() {
        return true;
    }
}
