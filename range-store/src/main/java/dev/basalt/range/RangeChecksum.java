package dev.basalt.range;

/** A digest of one replica's data for a range, taken at {@code appliedIndex}; equal digests at equal indexes mean identical data. */
public record RangeChecksum(long rangeId, int nodeId, long appliedIndex, long records, String sha256) {
}
