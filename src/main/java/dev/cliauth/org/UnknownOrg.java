package dev.cliauth.org;

/**
 * A path names an org that does not exist (or is disabled), or is no org id at all: answered 404 by
 * each function's handler, like a path without a route. Carries no detail and no stack trace.
 */
public final class UnknownOrg extends RuntimeException {

    public UnknownOrg() {
        super("unknown org", null, false, false);
    }
}
