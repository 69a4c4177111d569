package dev.cliauth.http;

import java.util.List;

/** A bean that serves routes; a function's router collects every such bean in its context. */
public interface Routes {

    List<Route> routes();
}
