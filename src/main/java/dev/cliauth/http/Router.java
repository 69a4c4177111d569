package dev.cliauth.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Finds the endpoint for a request among a function's routes and serves it. */
public final class Router {

    private final List<Route> routes;
    private final Failures failures;

    public Router(Collection<? extends Routes> sources, Failures failures) {
        List<Route> all = new ArrayList<>();
        for (Routes source : sources) {
            all.addAll(source.routes());
        }
        this.routes = List.copyOf(all);
        this.failures = failures;
    }

    /** The response to {@code request}: its endpoint's, or a 404/405, or the rendering of a failure. */
    public Response serve(Request request) {
        TreeSet<String> allowed = null;   // only a 405 needs it
        for (Route route : routes) {
            if (route.matchesPath(request.path())) {
                if (route.method().equals(request.method())) {
                    try {
                        return route.endpoint().handle(request);
                    } catch (RuntimeException e) {
                        return failures.failed(request, e);
                    }
                }
                if (allowed == null) {
                    allowed = new TreeSet<>();
                }
                allowed.add(route.method());
            }
        }
        return allowed == null ? failures.noRoute(404, "") : failures.noRoute(405, String.join(", ", allowed));
    }

    public List<Route> routes() {
        return routes;
    }
}
