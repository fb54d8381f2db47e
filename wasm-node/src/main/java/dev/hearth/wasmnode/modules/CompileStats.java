package dev.hearth.wasmnode.modules;

/**
 * What the compiled-module cache has done since the node started.
 *
 * @param compilations modules translated to bytecode (cache misses)
 * @param diskHits translations loaded from disk instead
 * @param memoryHits programs handed out again from memory, not even loaded
 */
public record CompileStats(long compilations, long diskHits, long memoryHits) {}
