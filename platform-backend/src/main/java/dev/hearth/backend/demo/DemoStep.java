package dev.hearth.backend.demo;

/** The seven steps of the guided demo (docs/guided-demo.md), in order. */
public enum DemoStep {
    CLUSTER(1, "Your cluster is ready"),
    SOURCE(2, "The source"),
    BUILD(3, "Build"),
    PUSH(4, "Push"),
    RUN(5, "Run"),
    WATCH(6, "Watch"),
    WEB(7, "Make it a web app");

    private final int number;
    private final String title;

    DemoStep(int number, String title) {
        this.number = number;
        this.title = title;
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }

    /** The API's name for it: {@code cluster}, {@code source}, … */
    public String key() {
        return name().toLowerCase();
    }
}
