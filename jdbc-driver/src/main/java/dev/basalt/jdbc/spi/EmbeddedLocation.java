package dev.basalt.jdbc.spi;

import java.util.Objects;

/**
 * Which embedded node a URL names: {@code jdbc:basalt:mem:NAME} (data in a temporary directory,
 * gone when the node stops) or {@code jdbc:basalt:file:PATH} (data in that directory, kept).
 *
 * @param kind MEM or FILE
 * @param name for MEM the node's name (possibly empty: {@code jdbc:basalt:mem:} is the node named
 *             ""); for FILE the directory as an absolute, normalized path
 */
public record EmbeddedLocation(Kind kind, String name) {
    public enum Kind { MEM, FILE }

    public EmbeddedLocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The URL's form without the {@code jdbc:basalt:} prefix, for messages and logs: {@code mem:orders}, {@code file:/var/app/db}. */
    @Override
    public String toString() {
        return (kind == Kind.MEM ? "mem:" : "file:") + name;
    }
}
