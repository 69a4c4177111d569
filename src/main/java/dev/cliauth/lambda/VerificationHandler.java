package dev.cliauth.lambda;

import dev.cliauth.config.Functions;

import java.util.Map;

/** Lambda entry point of the verification function; its routes are in {@code template.yaml}. */
public final class VerificationHandler extends CliauthFunction {

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    public VerificationHandler() {
        super();
    }

    /** For tests and local mode: the same function with extra properties and beans. */
    public VerificationHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.VERIFICATION, properties, singletons);
    }

    @Override
    protected String environment() {
        return Functions.VERIFICATION;
    }
}
