package dev.cliauth.lambda;

import java.util.Map;

/** Lambda entry point of the device authorization function; its routes are in {@code template.yaml}. */
public final class DeviceAuthorizationHandler extends CliauthFunction {

    /** Lambda's constructor: settings from {@code CLIAUTH_*} environment variables. */
    public DeviceAuthorizationHandler() {
        this(Map.of());
    }

    /** For tests and local mode: the same function with extra properties and beans. */
    public DeviceAuthorizationHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.DEVICE_AUTHORIZATION, properties, singletons);
    }
}
