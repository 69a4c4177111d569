package dev.cliauth.grant;

/** States of a device grant. Only conditional writes move a grant from one to the next. */
public enum GrantStatus {
    PENDING, APPROVED, DENIED, REDEEMED
}
