/** Typed settings under {@code cliauth.*}, bound by Micronaut from properties and environment variables. Uses nothing else. */
package dev.cliauth.config;
