package dev.cliauth.lambda;

import dev.cliauth.config.Functions;

import java.util.Map;

/** Lambda entry point of the org portal function; its routes are in {@code template.yaml}. */
public final class PortalHandler extends CliauthFunction {

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    public PortalHandler() {
        super();
    }

    /** For tests and local mode: the same function with extra properties and beans. */
    public PortalHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.PORTAL, properties, singletons);
    }

    @Override
    protected String environment() {
        return Functions.PORTAL;
    }
}
