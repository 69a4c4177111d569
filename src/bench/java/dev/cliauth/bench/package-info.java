/** The benchmark command (README "Benchmark"): compiled with the tests, never in the Lambda artifact. */
package dev.cliauth.bench;
