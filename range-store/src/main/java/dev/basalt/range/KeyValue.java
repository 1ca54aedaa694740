package dev.basalt.range;

/** A key and its value as of some read timestamp. */
public record KeyValue(byte[] key, byte[] value) {
}
