package io.apilogs.localstack;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** The PostgreSQL binaries bundled with zonky, extracted once into a work directory (for the setpriv start). */
final class PgBinaries {
    private PgBinaries() {
    }

    /** Extracts the binaries bundled with zonky (the same archive zonky itself uses) into workDir/pg-bin. */
    static Path extract(Path workDir) throws IOException {
        Path home = workDir.resolve("pg-bin");
        if (Files.isDirectory(home)) {
            return home;
        }
        // Extract beside the target and rename, so a crash mid-way never leaves a half-filled pg-bin.
        Path tmp = workDir.resolve("pg-bin-" + UUID.randomUUID());
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = tmp.resolve(entry.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("Unexpected archive entry " + entry.getName());
                }
                Files.createDirectories(entry.isDirectory() ? target : target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    continue;
                }
                if (entry.isLink()) {
                    Files.createLink(target, tmp.resolve(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, target);
                }
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
        try {
            Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(tmp);
            if (!Files.isDirectory(home)) { // otherwise a concurrent start won the race, which is fine
                throw e;
            }
        }
        return home;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE = bits 8..0
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                result.add(all[i]);
            }
        }
        return result;
    }
}
