package dev.cliauth.protocol;

import dev.cliauth.http.Request;
import dev.cliauth.logging.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What an exception out of an endpoint is, for every function's failure renderer: an expected
 * {@link OAuthException} outcome, a dependency failure (DynamoDB; answered with a retry), or a bug.
 * The last two are logged here, once, with classes and frames but never exception messages.
 */
public enum FailureKind {
    EXPECTED, DEPENDENCY, BUG;

    private static final Logger LOG = LoggerFactory.getLogger(FailureKind.class);

    public static FailureKind classify(Request request, RuntimeException exception) {
        if (exception instanceof OAuthException) {
            return EXPECTED;
        }
        if (exception instanceof DependencyFailure failure) {
            LOG.warn("dependency failure on {} {}: {}: {}", request.method(), request.path(), failure.getMessage(),
                    Traces.withoutMessages(failure.getCause() == null ? failure : failure.getCause()));
            return DEPENDENCY;
        }
        if (exception instanceof SdkException) {
            LOG.warn("dependency failure on {} {}: {}", request.method(), request.path(), Traces.withoutMessages(exception));
            return DEPENDENCY;
        }
        LOG.error("unexpected failure on {} {}: {}", request.method(), request.path(), Traces.withoutMessages(exception));
        return BUG;
    }
}
