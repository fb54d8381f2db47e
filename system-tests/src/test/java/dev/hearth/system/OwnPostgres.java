package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster of one test class (initdb in /tmp, a free loopback port), for drills
 * that stop and restart the database: the machine's own PostgreSQL (127.0.0.1:5433) serves every other
 * test running at the same time and is never touched. Made with the machine's PostgreSQL binaries
 * ({@code ./hearth services} installs them), as the {@code postgres} user when the tests run as root,
 * like bench/recovery's.
 */
final class OwnPostgres implements AutoCloseable {

    static final String DATABASE = "hearth";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Path bin;
    private final Path dir;
    private final int port;

    private OwnPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** initdb, start, and a role and database {@code hearth} owned by it (password {@code hearth}). */
    static OwnPostgres start() {
        Path bin = binaries();
        try {
            Path dir = Files.createTempDirectory("hearth-drill-pg-");
            // The postgres user must reach its data directory inside it.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            OwnPostgres postgres = new OwnPostgres(bin, dir, FreePorts.next());
            Files.createDirectories(postgres.data());
            if (root()) {
                Scripts.ok(List.of("chown", "-R", "postgres", dir.toString()), COMMAND_TIMEOUT);
            }
            postgres.asPostgres(bin.resolve("initdb").toString(), "-D", postgres.data().toString(), "-U", "postgres",
                    "-E", "UTF8", "--no-locale", "--auth=trust");
            postgres.startServer();
            try (Connection db = DriverManager.getConnection(postgres.url("postgres"), "postgres", "");
                    Statement sql = db.createStatement()) {
                sql.execute("create role " + SystemDatabase.USER + " login password '" + SystemDatabase.PASSWORD + "'");
                sql.execute("create database " + DATABASE + " owner " + SystemDatabase.USER);
            }
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to make a PostgreSQL cluster for the drill", e);
        } catch (SQLException e) {
            throw new IllegalStateException("failed to create the drill's role and database", e);
        }
    }

    /** The backend's {@code quarkus.datasource.jdbc.url}. */
    String jdbcUrl() {
        return url(DATABASE);
    }

    /** {@code pg_ctl stop -m fast}: every connection cut, as an operator's restart does. */
    void stop() {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    void startServer() {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("postgres.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-w", "-t", "60", "start");
    }

    @Override
    public void close() {
        Scripts.run(asPostgresCommand(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "stop"),
                COMMAND_TIMEOUT);
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Left in /tmp; nothing else uses it.
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void asPostgres(String... command) {
        Scripts.ok(asPostgresCommand(command), COMMAND_TIMEOUT);
    }

    private static List<String> asPostgresCommand(String... command) {
        List<String> full = new ArrayList<>();
        if (root()) {
            // PostgreSQL refuses to run as root.
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql (./hearth services installs it)"));
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL's binaries not found under /usr/lib/postgresql", e);
        }
    }
}
