package dev.basalt.common.key;

/**
 * The direction of one key column. DESC reverses the column's whole order, NULL included: NULL
 * sorts first in an ASC column and last in a DESC one.
 */
public enum SortOrder {
    ASC,
    DESC
}
