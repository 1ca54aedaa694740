/**
 * The driver's one extension point: <b>embedded nodes</b>. For {@code jdbc:basalt:mem:NAME} and
 * {@code jdbc:basalt:file:PATH} the driver asks an {@link dev.basalt.jdbc.spi.EmbeddedNodes}
 * provider, found with {@link java.util.ServiceLoader}, to open (or share) a one-node Basalt in
 * this JVM, and then connects to that node's client port exactly as it connects to a remote node:
 * same wire protocol, same code path. The server artifact ({@code dev.basalt:basalt-server})
 * provides it; without it on the classpath such URLs fail with 08001 naming that artifact.
 *
 * <p>These types name only JDK classes, so the package keeps its name in the shaded driver jar
 * (which relocates Netty and SLF4J, never {@code dev.basalt.jdbc}) and one provider serves the
 * plain and the shaded driver alike.
 */
package dev.basalt.jdbc.spi;
