package dev.cliauth.config;

/** Micronaut environment names, one per Lambda function (template.yaml); beans use them in {@code @Requires(env = ...)}. */
public final class Functions {

    public static final String DEVICE_AUTHORIZATION = "device-authorization";
    public static final String TOKEN = "token";
    public static final String VERIFICATION = "verification";
    /** The fourth function: delivers audit events to org webhooks, from the table's stream. */
    public static final String WEBHOOK = "webhook";
    /** The fifth function: the org portal, whose writes (applications, accounts, settings) the others cannot make. */
    public static final String PORTAL = "portal";

    private Functions() {
    }
}
