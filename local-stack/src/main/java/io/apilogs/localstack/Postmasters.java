package io.apilogs.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.logging.Level.INFO;
import static java.util.logging.Level.WARNING;

/** Finds and stops the postmaster of a data directory, one this JVM started or one a JVM that died left behind. */
final class Postmasters {
    private static final Logger LOG = Logger.getLogger(Postmasters.class.getName());

    private Postmasters() {
    }

    /**
     * Stops the postmaster that owns {@code postmaster.pid}, if it is still alive: SIGINT (fast shutdown, unlike
     * SIGTERM it does not wait for clients to disconnect), then SIGKILL for it and its children after a bounded wait.
     */
    static void terminate(Path dataDir, boolean orphan, Duration stopTimeout) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(Postmasters::isRunning).filter(p -> isOwnPostmaster(p, dataDir));
        if (postmaster.isPresent()) {
            ProcessHandle pm = postmaster.get();
            List<ProcessHandle> children = pm.descendants().collect(Collectors.toList());
            LOG.log(orphan ? WARNING : INFO, String.format("Stopping %spostmaster %d of %s", orphan ? "orphaned " : "", pm.pid(), dataDir));
            signalInterrupt(pm);
            if (!awaitExit(pm, stopTimeout)) {
                LOG.warning(String.format("Postmaster %d ignored SIGINT for %s; killing it", pm.pid(), stopTimeout));
                pm.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                awaitExit(pm, Duration.ofSeconds(10));
            }
            // Backends exit by themselves once the postmaster is gone, but their shared memory would block a restart.
            children.stream().filter(Postmasters::isRunning).forEach(ProcessHandle::destroyForcibly);
            children.forEach(c -> awaitExit(c, Duration.ofSeconds(10)));
        }
        try {
            Files.deleteIfExists(pidFile); // whatever pid it names is not a server of ours (any more)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst().map(String::strip).map(Long::valueOf);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Guards against pid reuse: the process must be a postgres whose working directory is our data directory. */
    private static boolean isOwnPostmaster(ProcessHandle process, Path dataDir) {
        Path proc = Path.of("/proc", String.valueOf(process.pid()));
        try {
            if (!Files.readString(proc.resolve("comm")).strip().equals("postgres")) {
                return false;
            }
        } catch (IOException e) {
            return process.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
        }
        try {
            return Files.isSameFile(proc.resolve("cwd"), dataDir);
        } catch (IOException e) {
            return true; // not allowed to look (not root): the pid file and the name are all we have
        }
    }

    private static void signalInterrupt(ProcessHandle process) {
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy(); // SIGTERM: smart shutdown, slower but still clean
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls because onExit() of a non-child process backs off to second-long sleeps (and waits for reaping). */
    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }

    /**
     * Like isAlive(), but a zombie counts as gone: the postmaster is not our child, and where init does not reap
     * orphans promptly (as in some containers/VMs) it lingers as a zombie after a clean exit.
     */
    private static boolean isRunning(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return process.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return process.isAlive(); // no /proc (not Linux), or already gone
        }
    }
}
