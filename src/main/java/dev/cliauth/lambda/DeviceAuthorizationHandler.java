package dev.cliauth.lambda;

import dev.cliauth.config.Functions;

import java.util.Map;

/** Lambda entry point of the device authorization function; its routes are in {@code template.yaml}. */
public final class DeviceAuthorizationHandler extends CliauthFunction {

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    public DeviceAuthorizationHandler() {
        super();
    }

    /** For tests and local mode: the same function with extra properties and beans. */
    public DeviceAuthorizationHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.DEVICE_AUTHORIZATION, properties, singletons);
    }

    @Override
    protected String environment() {
        return Functions.DEVICE_AUTHORIZATION;
    }
}
