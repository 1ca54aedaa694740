package dev.basalt.jdbc.spi;

/**
 * One reference to an open embedded node, taken by {@link EmbeddedNodes#open}. The driver holds
 * one per connection and releases it when the connection is closed or aborted.
 */
public interface EmbeddedNode {
    /** The host of the node's client port (a loopback address unless the node listens elsewhere). */
    String host();

    /** The node's client port: the same port other nodes join and remote clients connect to. */
    int port();

    /**
     * Gives this reference back. When the last reference to a node is released the node stops
     * (a {@code mem:} node also deletes its data). A second call does nothing.
     */
    void release();
}
