package dev.cliauth.admin;

/**
 * A well-formed command the table refused: the org, client or user does not exist, exists
 * already, or is in the wrong state. Exit status 1; the refused write changed nothing.
 */
final class Refused extends RuntimeException {

    Refused(String message) {
        super(message, null, false, false);
    }
}
