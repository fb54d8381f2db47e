package dev.hearth.wasmnode.wasi;

/** The two output streams a WASI module writes, with the names Kubernetes container logs use. */
public enum StdStream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String logName;

    StdStream(String logName) {
        this.logName = logName;
    }

    /** The stream's name in a CRI log line ({@code stdout} or {@code stderr}). */
    public String logName() {
        return logName;
    }
}
