package dev.basalt.common;

/**
 * Hands out timestamps. Each call returns a timestamp strictly greater than every timestamp this
 * source returned before. The cluster-wide timestamp oracle of the placement issue implements
 * this; until then {@link LocalTimestampSource} does.
 */
public interface TimestampSource {
    long next();
}
