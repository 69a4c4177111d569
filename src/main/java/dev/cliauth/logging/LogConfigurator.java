package dev.cliauth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;

import java.util.Locale;
import java.util.Set;

/**
 * Logback's configuration, in code (found through {@code META-INF/services}; no XML is parsed at
 * cold start): one appender writing {@link JsonLineEncoder} lines to {@link JsonLogger}'s stream,
 * Logback's own warnings as JSON lines too ({@link StatusLines}), the threshold from
 * {@code CLIAUTH_LOG_LEVEL} (default INFO; a value that is not a level logs a warning and stays at
 * INFO), and {@link LevelCaps} on every library logger.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String VARIABLE = "CLIAUTH_LOG_LEVEL";
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        StatusLines statusLines = new StatusLines();
        for (Status earlier : context.getStatusManager().getCopyOfStatusList()) {
            statusLines.addStatusEvent(earlier);
        }
        context.getStatusManager().add(statusLines);
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setName("json-stdout");
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(JsonLogger.stream());
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);

        Level threshold = threshold(System.getenv(VARIABLE));
        apply(context, threshold == null ? Level.INFO : threshold);
        if (threshold == null) {
            context.getLogger(LogConfigurator.class)
                    .warn(VARIABLE + " is not one of TRACE, DEBUG, INFO, WARN, ERROR, OFF; logging at INFO");
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level {@code configured} names; INFO when unset or blank; null when it names none. */
    static Level threshold(String configured) {
        if (configured == null || configured.isBlank()) {
            return Level.INFO;
        }
        String name = configured.trim().toUpperCase(Locale.ROOT);
        return LEVELS.contains(name) ? Level.toLevel(name) : null;
    }

    /**
     * Sets the threshold and (re)installs the caps. Also how a test switches a running JVM to TRACE:
     * the same caps apply as in a function started with {@code CLIAUTH_LOG_LEVEL=TRACE}.
     */
    static void apply(LoggerContext context, Level threshold) {
        for (TurboFilter installed : context.getTurboFilterList()) {
            if (installed instanceof LevelCaps) {
                context.getTurboFilterList().remove(installed);
            }
        }
        LevelCaps caps = new LevelCaps();
        caps.setName("library-level-caps");
        caps.setContext(context);
        caps.start();
        context.addTurboFilter(caps);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(threshold);
        context.getLogger(LogConfigurator.class).debug("threshold {}; library loggers at {} or above, {} of them at WARN",
                threshold, LevelCaps.LIBRARY_FLOOR, LevelCaps.FLOORS.size());
    }
}
