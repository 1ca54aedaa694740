/**
 * JMH micro-benchmarks of the SQL engine: what planning costs, cached and fresh
 * ({@link dev.basalt.tpcc.jmh.PlanningBench}). Results are quoted in closing notes; no test
 * asserts a time.
 */
package dev.basalt.tpcc.jmh;
