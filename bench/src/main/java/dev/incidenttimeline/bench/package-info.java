/**
 * Benchmarks and fault runs ({@code bench/run.sh}); never part of the test suite.
 * BENCHMARKS.md and RELIABILITY.md record their figures.
 */
package dev.incidenttimeline.bench;
