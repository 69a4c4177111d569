/**
 * cliauth: the OAuth 2.0 Device Authorization Grant (RFC 8628) as three Lambda functions.
 * Each sub-package holds one concern; see its own package-info for what it may use.
 */
package dev.cliauth;
