/**
 * The Basalt JDBC driver (DESIGN.md section 7): {@code jdbc:basalt://host:port/db}, a binary
 * length-prefixed protocol over Netty with prepared statements, batches, cursors, cancel and
 * SQLState-carrying errors. It holds no server code. It is built by the driver issue.
 */
package dev.basalt.jdbc;
