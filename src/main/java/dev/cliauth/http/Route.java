package dev.cliauth.http;

/**
 * A method and path served by an endpoint. A path ending in {@code /*} matches every path below
 * it (the {@code {proxy+}} routes of {@code template.yaml}); any other path matches exactly.
 */
public record Route(String method, String path, Endpoint endpoint) {

    /** Serves one request. */
    @FunctionalInterface
    public interface Endpoint {
        Response handle(Request request);
    }

    public static Route get(String path, Endpoint endpoint) {
        return new Route("GET", path, endpoint);
    }

    public static Route post(String path, Endpoint endpoint) {
        return new Route("POST", path, endpoint);
    }

    boolean matchesPath(String requestPath) {
        return path.endsWith("/*")
                ? requestPath.startsWith(path.substring(0, path.length() - 1)) && requestPath.length() > path.length() - 1
                : path.equals(requestPath);
    }
}
