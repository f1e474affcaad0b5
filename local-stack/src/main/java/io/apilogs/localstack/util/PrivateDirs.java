package io.apilogs.localstack.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Directories and files of the local stack that only their owner may read (issue 22): the data directory, Kafka's log
 * segments, the logs. A directory PostgreSQL's server must reach when it runs as another user (uid 65534, see
 * {@code SetprivStart}) may be passed through ({@code rwx--x--x}) but not listed; every file in it is owner-only itself.
 */
public final class PrivateDirs {
    private PrivateDirs() {
    }

    /** Creates {@code dir} (and parents) and makes it {@code rwx------}, or {@code rwx--x--x} when {@code traversable}. */
    public static Path create(Path dir, boolean traversable) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(traversable ? "rwx--x--x" : "rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own rules apply
        }
        return dir;
    }

    /** Creates {@code file} empty and owner-only ({@code rw-------}) when it does not exist yet (a log to append to). */
    public static Path ownerOnlyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        } else {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // as above
            }
        }
        return file;
    }
}
