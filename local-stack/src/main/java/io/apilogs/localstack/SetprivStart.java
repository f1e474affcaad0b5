package io.apilogs.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts PostgreSQL as uid nobody through {@code setpriv}: PostgreSQL refuses to run as root, and where user
 * namespaces are unavailable (zonky's {@code unshare}) this is how root runs it. The server outlives the commands
 * that start it, and {@link Postmasters} stops it.
 */
final class SetprivStart {
    static final int NOBODY = 65534;

    private SetprivStart() {
    }

    /** Initialises {@code dataDir} when it holds no cluster yet, then starts the server with {@code config}. */
    static void start(Path dataDir, Path workDir, int port, boolean initialized, Map<String, String> config, Duration startTimeout)
            throws IOException {
        Path pgHome = PgBinaries.extract(workDir);
        chownTree(dataDir, NOBODY);
        runAsNobody(dataDir, workDir, Duration.ofSeconds(10), "test", "-x", pgHome.resolve("bin/postgres").toString(),
                "-a", "-w", dataDir.toString());
        if (!initialized) {
            runAsNobody(dataDir, workDir, startTimeout, pgHome.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
                    "-D", dataDir.toString(), "-E", "UTF-8", "--locale=C");
        }
        String options = "-p " + port + config.entrySet().stream()
                .map(e -> " -c " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining());
        runAsNobody(dataDir, workDir, startTimeout.plusSeconds(10), pgHome.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(),
                "-o", options, "-w", "-t", String.valueOf(startTimeout.toSeconds()), "start");
    }

    private static void runAsNobody(Path dataDir, Path workDir, Duration timeout, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        cmd.addAll(List.of(command));
        // pg_ctl hands its stdout to the postmaster: a file (not a pipe) keeps the server independent of this JVM.
        Process process = new ProcessBuilder(cmd)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("postgres.log").toFile()))
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("Timed out after " + timeout + ": " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted: " + cmd, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("Exit code " + process.exitValue() + " from " + cmd + " (uid " + NOBODY
                    + " must be able to reach " + dataDir + " and " + workDir + "); see " + workDir.resolve("postgres.log"));
        }
    }

    /** Recursively hands {@code dir} to uid/gid {@code id}; a no-op if the top directory already belongs to it. */
    static void chownTree(Path dir, int id) throws IOException {
        if (((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).intValue() == id) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(p, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}
