package dev.cliauth.fuzz;

import dev.cliauth.lambda.CliauthFunction;
import dev.cliauth.lambda.DeviceAuthorizationHandler;
import dev.cliauth.lambda.PortalHandler;
import dev.cliauth.lambda.TokenHandler;
import dev.cliauth.lambda.VerificationHandler;
import dev.cliauth.testing.Functions;

/**
 * One of the functions a {@code template.yaml} route goes to: its real handler in the
 * {@link Functions} fixture, the sample event its requests are shaped from, and whether it answers
 * in OAuth JSON (RFC 6749 §5.2) or in HTML pages.
 */
enum Target {

    DEVICE_AUTHORIZATION(DeviceAuthorizationHandler.class, "device-authorization", true),
    TOKEN(TokenHandler.class, "token-poll", true),
    VERIFICATION(VerificationHandler.class, "device-signin", false),
    PORTAL(PortalHandler.class, "device-signin", false);

    final Class<? extends CliauthFunction> handlerClass;
    final String sampleEvent;
    final boolean oauth;

    Target(Class<? extends CliauthFunction> handlerClass, String sampleEvent, boolean oauth) {
        this.handlerClass = handlerClass;
        this.sampleEvent = sampleEvent;
        this.oauth = oauth;
    }

    /** The target of a route's {@code Handler}; a new function fails here until the fuzz test knows it. */
    static Target of(String handlerClass) {
        for (Target target : values()) {
            if (target.handlerClass.getName().equals(handlerClass)) {
                return target;
            }
        }
        throw new IllegalStateException("template.yaml routes to " + handlerClass
                + ", which the fuzz test does not know: add it to " + Target.class.getName());
    }

    CliauthFunction handler(Functions functions) {
        return switch (this) {
            case DEVICE_AUTHORIZATION -> functions.deviceAuthorization;
            case TOKEN -> functions.token;
            case VERIFICATION -> functions.verification;
            case PORTAL -> functions.portal();
        };
    }
}
