package dev.cliauth.store;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;

import java.util.Map;
import java.util.function.Function;

/**
 * The DynamoDB client's credentials, chosen and resolved at the first call that needs them, never
 * during Lambda init or SnapStart priming (a snapshot must not carry credentials that expire):
 * <ol>
 *   <li>Lambda's container credentials endpoint when Lambda provides one
 *       ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} or {@code _RELATIVE_URI}, with
 *       {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}): how SnapStart functions get them;</li>
 *   <li>else environment variables ({@code AWS_ACCESS_KEY_ID}…), as Lambda without SnapStart and
 *       {@code sam local} provide them;</li>
 *   <li>else the {@code aws.accessKeyId} system properties;</li>
 *   <li>else, with a local endpoint override only (local mode, tests), fixed dummy credentials.</li>
 * </ol>
 * The source is picked from what the environment holds, not by trying each in turn, so the first
 * call throws and catches nothing. While {@link PrimingMode} is active, throwaway credentials stand
 * in: a source of the kind the first call will choose is built once and dropped unused (its
 * classes loaded before the snapshot), and no source is asked for credentials.
 */
public final class DynamoCredentials implements AwsCredentialsProvider {

    private static final AwsCredentials PRIMING = AwsBasicCredentials.create("priming", "priming");

    private final boolean localEndpoint;
    private final PrimingMode priming;
    private final Function<String, String> environment;
    private volatile AwsCredentialsProvider source;
    private volatile boolean sourceClassesLoaded;

    DynamoCredentials(boolean localEndpoint, PrimingMode priming) {
        this(localEndpoint, priming, System::getenv);
    }

    /** The same choice for another AWS service's client (KMS) of a deployed function: never dummy credentials. */
    public static AwsCredentialsProvider forAws(PrimingMode priming) {
        return new DynamoCredentials(false, priming);
    }

    DynamoCredentials(boolean localEndpoint, PrimingMode priming, Function<String, String> environment) {
        this.localEndpoint = localEndpoint;
        this.priming = priming;
        this.environment = environment;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        if (priming.active()) {
            loadSourceClasses();
            return PRIMING;
        }
        AwsCredentialsProvider chosen = source;
        if (chosen == null) {
            chosen = choose();
            source = chosen;
        }
        return chosen.resolveCredentials();
    }

    /**
     * While priming, once: builds the source the first real call will choose and drops it
     * unused, so that its classes are loaded and linked before the snapshot. Building one resolves
     * nothing (no request, no credential read); after a restore the first call builds its own.
     */
    private void loadSourceClasses() {
        if (!sourceClassesLoaded) {
            choose();
            sourceClassesLoaded = true;
        }
    }

    /** The source the environment provides, in the order above. */
    AwsCredentialsProvider choose() {
        if (present("AWS_CONTAINER_CREDENTIALS_FULL_URI") || present("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
            return ContainerCredentialsProvider.builder().build();
        }
        if (present("AWS_ACCESS_KEY_ID")) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        if (System.getProperty("aws.accessKeyId") != null || !localEndpoint) {
            // Without a local endpoint there is nothing else: this one says what is missing.
            return SystemPropertyCredentialsProvider.create();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    private boolean present(String variable) {
        String value = environment.apply(variable);
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return "DynamoCredentials";
    }

    /** For tests: an environment of these variables only. */
    static Function<String, String> environmentOf(Map<String, String> variables) {
        return variables::get;
    }
}
