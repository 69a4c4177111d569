package dev.cliauth.protocol;

import dev.cliauth.logging.Traces;
import io.micronaut.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What an exception out of an endpoint is, for every function's exception handlers: an expected
 * {@link OAuthException} outcome, a dependency failure (DynamoDB; answered with a retry), or a bug.
 * The last two are logged here, once, with classes and frames but never exception messages.
 */
public enum FailureKind {
    EXPECTED, DEPENDENCY, BUG;

    private static final Logger LOG = LoggerFactory.getLogger(FailureKind.class);

    public static FailureKind classify(HttpRequest<?> request, Throwable exception) {
        if (exception instanceof OAuthException) {
            return EXPECTED;
        }
        if (exception instanceof DependencyFailure failure) {
            LOG.warn("dependency failure on {} {}: {}: {}", request.getMethodName(), path(request), failure.getMessage(),
                    Traces.withoutMessages(failure.getCause() == null ? failure : failure.getCause()));
            return DEPENDENCY;
        }
        if (exception instanceof SdkException) {
            LOG.warn("dependency failure on {} {}: {}", request.getMethodName(), path(request), Traces.withoutMessages(exception));
            return DEPENDENCY;
        }
        LOG.error("unexpected failure on {} {}: {}", request.getMethodName(), path(request), Traces.withoutMessages(exception));
        return BUG;
    }

    private static String path(HttpRequest<?> request) {
        String path = request.getPath();
        return path.length() > 200 ? path.substring(0, 200) : path;
    }
}
