package dev.basalt.server.check.analysis;

import dev.basalt.server.check.history.History;

/** Judges a history. Implementations are pure functions of the history: no I/O, no clock. */
public interface Checker {
    Verdict check(History history);
}
