package dev.cliauth.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Child JVM of {@link LogConfiguratorTest}: logs one line per level through cliauth's own logger
 * and through library loggers, as a function started with the environment it is given would.
 */
public final class LogProbe {

    private LogProbe() {
    }

    public static void main(String[] args) {
        MDC.put("request_id", "probe-request");
        Logger own = LoggerFactory.getLogger("dev.cliauth.probe.Own");
        own.trace("own trace");
        own.debug("own debug");
        own.info("own info");
        Logger sdk = LoggerFactory.getLogger("software.amazon.awssdk.request");
        sdk.trace("sdk trace");
        sdk.debug("sdk debug");
        sdk.info("sdk info");
        sdk.warn("sdk warn");
        // A level set on a library logger later (by a framework, say) does not lower its floor
        ((ch.qos.logback.classic.Logger) sdk).setLevel(ch.qos.logback.classic.Level.TRACE);
        sdk.debug("sdk debug after setLevel");
        Logger http = LoggerFactory.getLogger("io.micronaut.http.server.RouteExecutor");
        http.trace("http trace");
        http.error("http error", new IllegalStateException("request body: " + args.length));
        Logger other = LoggerFactory.getLogger("org.example.SomeLibrary");
        other.debug("library debug");
        other.info("library info");
    }
}
