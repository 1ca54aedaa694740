/**
 * TPC-C loader and driver over plain JDBC (any URL, so Basalt and PostgreSQL are measured by the
 * same code) and JMH micro-benchmarks. It is built by the benchmark issue.
 */
package dev.basalt.tpcc;
