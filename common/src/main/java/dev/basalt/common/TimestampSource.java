package dev.basalt.common;

/**
 * Hands out timestamps. Each call returns a timestamp strictly greater than every timestamp this
 * source returned before; the cluster's timestamp oracle (placement) also makes it greater than
 * every timestamp issued anywhere before the call began. Tests use {@link LocalTimestampSource}.
 */
public interface TimestampSource {
    long next();
}
