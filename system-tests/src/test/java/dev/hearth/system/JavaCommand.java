package dev.hearth.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code java -D… -jar quarkus-run.jar} with this JVM's own java, settings as system properties. */
final class JavaCommand {

    private JavaCommand() {
    }

    static List<String> of(Path jar, String maxHeap, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + maxHeap);
        // Sorted, so the command line in the log reads the same on every run.
        new TreeMap<>(properties).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }
}
