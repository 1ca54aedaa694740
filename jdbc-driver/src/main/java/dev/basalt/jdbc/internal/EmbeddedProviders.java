package dev.basalt.jdbc.internal;

import dev.basalt.jdbc.spi.EmbeddedLocation;
import dev.basalt.jdbc.spi.EmbeddedNodes;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link EmbeddedNodes} provider with {@link ServiceLoader}: first through the thread's
 * context class loader (an application server's or a build tool's), then through the loader that
 * loaded the driver. Looked up on every embedded connect (no cache), so an application that
 * changes its class loaders, or a test that has none, sees what is there now.
 */
final class EmbeddedProviders {
    /** The Maven coordinates of the artifact that provides embedded nodes, named in the error when it is missing. */
    static final String SERVER_ARTIFACT = "dev.basalt:basalt-server";

    private EmbeddedProviders() {
    }

    /** The provider, or 08001 naming the artifact to add when none is on the classpath. */
    static EmbeddedNodes require(EmbeddedLocation location) throws SQLException {
        EmbeddedNodes provider;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader own = EmbeddedNodes.class.getClassLoader();
        try {
            provider = context != null ? first(context) : null;
            if (provider == null && own != context) {
                provider = first(own);
            }
        } catch (ServiceConfigurationError e) {
            throw Errors.driver(SqlStates.CONNECTION_REJECTED, "jdbc:basalt:" + location
                    + ": the embedded node provider on the classpath could not be loaded: " + e.getMessage(), e);
        }
        if (provider == null) {
            throw Errors.driver(SqlStates.CONNECTION_REJECTED, "jdbc:basalt:" + location + " starts a Basalt node inside this"
                    + " JVM, and no node is on the classpath: add the artifact " + SERVER_ARTIFACT + " (the same version as this"
                    + " driver) to the application's dependencies, or connect to a running node with "
                    + ConnectionUrl.PREFIX + "host:port/");
        }
        return provider;
    }

    private static EmbeddedNodes first(ClassLoader loader) {
        Iterator<EmbeddedNodes> providers = ServiceLoader.load(EmbeddedNodes.class, loader).iterator();
        return providers.hasNext() ? providers.next() : null;
    }
}
