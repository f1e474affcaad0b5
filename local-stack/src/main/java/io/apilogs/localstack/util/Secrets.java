package io.apilogs.localstack.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets kept in a data directory (owner-only file), so a restart keeps what they signed valid. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** Writes {@code text} to a file only its owner can read, created so from the start (no readable window). */
    public static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: the directory's own permissions apply
        }
        Files.writeString(file, text);
    }

    /** The secret in {@code file}, created with 32 random bytes (hex, after {@code prefix}) when absent. */
    public static String readOrCreate(Path file, String prefix) {
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file).trim();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String secret = prefix + HexFormat.of().formatHex(bytes);
            Files.createDirectories(file.toAbsolutePath().getParent());
            writePrivate(file, secret);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a secret in " + file, e);
        }
    }
}
