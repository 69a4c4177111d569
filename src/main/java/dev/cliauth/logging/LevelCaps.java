package dev.cliauth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds every library logger at or above a floor, whatever {@code CLIAUTH_LOG_LEVEL} or a logger's
 * own level says: only cliauth's loggers ({@code dev.cliauth.*}, {@code cliauth.*}) go below INFO.
 * A turbo filter runs before Logback's level check and inside {@code isDebugEnabled()}, so a denied
 * statement is not even formatted, and no later {@code setLevel} lowers a floor.
 *
 * <p>Why: at DEBUG and TRACE the libraries print what cliauth keeps secret. Found by running a whole
 * login at TRACE (see {@code SecretsNotLoggedTest}): the AWS SDK's interceptor chain prints each
 * request and its DynamoDB items (private signing keys, the session HMAC key, password hashes,
 * grant items), its SigV4 signer prints the canonical request (with a session token when there is
 * one), Micronaut prints every bean it creates by {@code toString()}; the embedded DynamoDB
 * engines of local mode print the HTTP requests they receive, signatures included.
 */
public final class LevelCaps extends TurboFilter {

    /** Floor of every logger that is not cliauth's own. */
    static final Level LIBRARY_FLOOR = Level.INFO;

    /**
     * Loggers that print request content, items, keys or bean state below WARN, or are about to
     * (the API Gateway proxy and its HTTP server): held at WARN. The longest matching prefix wins.
     */
    static final Map<String, Level> FLOORS = Map.ofEntries(
            // DynamoDB items in requests and responses, the canonical request, credential look-ups
            Map.entry("software.amazon.awssdk", Level.WARN),
            // the JDK's HttpURLConnection (the SDK's url-connection client) logs headers at FINE
            Map.entry("sun.net.www", Level.WARN),
            // bean toString() on creation, property sources, injection traces
            Map.entry("io.micronaut.context", Level.WARN),
            Map.entry("io.micronaut.inject", Level.WARN),
            Map.entry("io.micronaut.core", Level.WARN),
            // the API Gateway proxy, its HTTP server, router, codecs and views: requests and bodies
            Map.entry("io.micronaut.function", Level.WARN),
            Map.entry("io.micronaut.http", Level.WARN),
            Map.entry("io.micronaut.servlet", Level.WARN),
            Map.entry("io.micronaut.web.router", Level.WARN),
            Map.entry("io.micronaut.json", Level.WARN),
            Map.entry("io.micronaut.serde", Level.WARN),
            Map.entry("io.micronaut.views", Level.WARN),
            Map.entry("io.micronaut.crac", Level.WARN),
            Map.entry("io.micronaut.aws", Level.WARN),
            // local mode and tests: the embedded DynamoDB engine and its HTTP server
            Map.entry("org.eclipse.jetty", Level.WARN),
            Map.entry("com.amazonaws", Level.WARN),
            Map.entry("com.almworks.sqlite4java", Level.WARN));

    private static final List<String> OWN = List.of("dev.cliauth", "cliauth");

    private final Map<String, Level> floors = new ConcurrentHashMap<>();

    /** The lowest level {@code loggerName} may print at; {@link Level#ALL} for cliauth's own. */
    static Level floor(String loggerName) {
        for (String own : OWN) {
            if (within(loggerName, own)) {
                return Level.ALL;
            }
        }
        String longest = "";
        Level floor = LIBRARY_FLOOR;
        for (Map.Entry<String, Level> entry : FLOORS.entrySet()) {
            if (within(loggerName, entry.getKey()) && entry.getKey().length() > longest.length()) {
                longest = entry.getKey();
                floor = entry.getValue();
            }
        }
        return floor;
    }

    private static boolean within(String name, String prefix) {
        return name.startsWith(prefix) && (name.length() == prefix.length() || name.charAt(prefix.length()) == '.');
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        Level floor = floors.get(logger.getName());
        if (floor == null) {
            floor = floor(logger.getName());
            floors.put(logger.getName(), floor);
        }
        return level.isGreaterOrEqual(floor) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
