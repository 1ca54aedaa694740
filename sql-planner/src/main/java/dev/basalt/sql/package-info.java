/**
 * SQL on Apache Calcite (DESIGN.md section 6): our own parser extension, catalog backed by the
 * meta group (under {@code catalog/}), key-value fast paths, Volcano planning with pushdown to ranges, a plan cache and our
 * own executor. It is built by the SQL issue.
 */
package dev.basalt.sql;
