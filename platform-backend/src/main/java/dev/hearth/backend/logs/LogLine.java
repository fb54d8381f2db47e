package dev.hearth.backend.logs;

/** One line of a log stream, numbered from 0 in its stream. */
public record LogLine(long seq, String text) {
}
