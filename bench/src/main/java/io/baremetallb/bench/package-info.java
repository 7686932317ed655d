/** Benchmarks started by {@code bench/run}; each prints {@code METRIC name=value unit} lines. */
package io.baremetallb.bench;
