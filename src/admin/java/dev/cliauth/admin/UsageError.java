package dev.cliauth.admin;

/** A command the tool cannot run as given: exit status 2, with the message and no change made. */
final class UsageError extends RuntimeException {

    UsageError(String message) {
        super(message, null, false, false);
    }
}
