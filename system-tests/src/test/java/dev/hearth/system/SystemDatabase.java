package dev.hearth.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The system run's own database, {@code hearth_system} on the local PostgreSQL (127.0.0.1:5433, role
 * {@code hearth}): dropped and created afresh for every backend the tests start, so no run sees
 * another's hosts or clusters. Flyway in the backend then builds the schema, as in production.
 */
final class SystemDatabase {

    /** {@code -Dhearth.system.database} lets two people's runs on one machine keep out of each other's way. */
    static final String NAME = System.getProperty("hearth.system.database", "hearth_system");
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5433/";
    static final String USER = "hearth";
    static final String PASSWORD = "hearth";

    private SystemDatabase() {
    }

    static String jdbcUrl() {
        return SERVER + NAME;
    }

    static void recreate() {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                Statement sql = connection.createStatement()) {
            // FORCE: a backend of an earlier class (or an aborted run) may still hold connections.
            sql.execute("drop database if exists " + NAME + " with (force)");
            sql.execute("create database " + NAME + " owner " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("failed to re-create database " + NAME + " on " + SERVER
                    + " as " + USER + " (./hearth services starts PostgreSQL and creates the role)", e);
        }
    }
}
