package io.apilogs.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Who may connect to the embedded PostgreSQL, and as what (issue 22): passwords only, and no superuser for the services. */
final class PgAccess {
    /**
     * pg_hba.conf as it is kept: TCP only (there is no socket), every user by password. initdb writes "trust" for every
     * local user, which let anyone on the host connect as the superuser (and run COPY ... FROM PROGRAM).
     */
    static final String HBA = """
            # Written by API Logs (local-stack EmbeddedPg): every connection by password (SCRAM-SHA-256), loopback only.
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private PgAccess() {
    }

    /**
     * Creates the services' role (no superuser: it cannot run programs or read server files) and database, sets both
     * passwords to the kept ones (a cluster from before they were generated gets them now), and locks pg_hba.conf
     * down to passwords ({@link #HBA}).
     */
    static void lockDown(int port, Path dataDir, String user, String password, String database, String superuserPassword)
            throws SQLException, IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", superuserPassword);
             Statement s = c.createStatement()) {
            s.execute("set password_encryption = 'scram-sha-256'");
            s.execute("alter role postgres password " + literal(superuserPassword));
            if (!exists(c, "select 1 from pg_roles where rolname = ?", user)) {
                s.execute("create role " + user + " login nosuperuser nocreaterole nocreatedb");
            }
            s.execute("alter role " + user + " password " + literal(password));
            if (!exists(c, "select 1 from pg_database where datname = ?", database)) {
                s.execute("create database " + database + " owner " + user);
            }
            Path hba = dataDir.resolve("pg_hba.conf");
            if (!HBA.equals(Files.readString(hba))) {
                Files.writeString(hba, HBA); // keeps the file's owner (the server's user) and mode
                s.execute("select pg_reload_conf()");
            }
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                throw new IllegalStateException("PostgreSQL in " + dataDir + " refused the kept superuser password ("
                        + dataDir.resolveSibling(dataDir.getFileName() + "-superuser-password") + "); was that file replaced?", e);
            }
            throw e;
        }
    }

    /** A password as an SQL string literal (they are hex, but quote anyway). */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static boolean exists(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
