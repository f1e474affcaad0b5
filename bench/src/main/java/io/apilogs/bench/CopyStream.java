package io.apilogs.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One {@code COPY ... from stdin} of the seeder on its own connection: rows are appended as text, sent a MB at a time. */
final class CopyStream implements AutoCloseable {
    private final Connection connection;
    private final CopyIn in;
    private final StringBuilder buffer = new StringBuilder(1 << 20);
    long rows;

    CopyStream(Seeder.Db db, String sql) throws SQLException {
        connection = DriverManager.getConnection(db.url(), db.user(), db.password());
        in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    }

    /** The buffer to append the next row's tab-separated columns to; {@link #endRow} ends it. */
    StringBuilder row() {
        rows++;
        return buffer;
    }

    void endRow() throws SQLException {
        buffer.append('\n');
        if (buffer.length() > (1 << 20) - 4096) {
            flush();
        }
    }

    private void flush() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    @Override
    public void close() throws SQLException {
        flush();
        in.endCopy();
        connection.close();
    }
}
