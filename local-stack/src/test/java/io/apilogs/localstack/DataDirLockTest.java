package io.apilogs.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A second {@code ./apilogs up} on a data directory in use refuses with one line, and stops nothing. */
class DataDirLockTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void aSecondLauncherOnADirectoryInUseRefusesWithOneLineNamingTheHolder(@TempDir Path dir) throws Exception {
        Process holder = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"), DataDirLock.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            Path errorsFile = dir.resolveSibling(dir.getFileName() + "-second.err");
            Process second = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                    "--data-dir", dir.toString()).redirectError(errorsFile.toFile()).start();
            List<String> errors;
            try {
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                errors = java.nio.file.Files.readAllLines(errorsFile);
            } finally {
                second.destroyForcibly();
            }
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(errors).singleElement().asString()
                    .contains("is in use by a running system").contains("pid " + holder.pid()).contains(dir.toString());
            assertThat(holder.isAlive()).as("the running one is left alone").isTrue();
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLockGoesWithItsHolderHoweverItDies(@TempDir Path dir) throws Exception {
        Process holder = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"), DataDirLock.class.getName(),
                dir.toString()).redirectErrorStream(true).start();
        assertThat(new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine()).isEqualTo("locked");
        holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        try (DataDirLock lock = DataDirLock.acquire(dir, "this test")) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void backoffDoublesWhileAServiceKeepsCrashingAndStartsOverOnceItStayedUp() {
        Duration first = Supervisor.nextBackoff(null, Duration.ZERO);
        assertThat(first).as("the first restart is at once").isZero();
        Duration second = Supervisor.nextBackoff(first, Duration.ofSeconds(5));
        assertThat(second).isEqualTo(Duration.ofSeconds(1));
        assertThat(Supervisor.nextBackoff(second, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(2));
        Duration capped = second;
        for (int i = 0; i < 10; i++) {
            capped = Supervisor.nextBackoff(capped, Duration.ofSeconds(5));
        }
        assertThat(capped).isEqualTo(Duration.ofSeconds(30));
        assertThat(Supervisor.nextBackoff(capped, Duration.ofMinutes(2))).as("up for a minute: at once again").isZero();
    }
}
