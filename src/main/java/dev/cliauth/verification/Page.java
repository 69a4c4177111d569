package dev.cliauth.verification;

/**
 * A page to send: its HTTP status, the JTE template ({@code src/main/jte}) and the one value the
 * template takes. {@link Pages} makes them; {@link PageRenderer} renders them.
 *
 * @param status   HTTP status
 * @param template template name, e.g. {@code confirm.jte}
 * @param model    the template's {@code @param}
 */
public record Page(int status, String template, Object model) {
}
