package dev.cliauth.lambda;

import java.util.Map;

/** Lambda entry point of the deviceauthorization function; its routes are in {@code template.yaml}. */
public final class DeviceAuthorizationHandler extends CliauthFunction {

    public DeviceAuthorizationHandler() {
        super();
    }

    public DeviceAuthorizationHandler(Map<String, Object> properties, Object... singletons) {
        super(Functions.DEVICE_AUTHORIZATION, properties, singletons);
    }

    @Override
    protected String environment() {
        return Functions.DEVICE_AUTHORIZATION;
    }

    @Override
    protected boolean htmlErrors() {
        return false;
    }
}
