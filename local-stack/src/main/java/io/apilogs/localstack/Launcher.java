package io.apilogs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.localstack.util.Env;
import io.apilogs.localstack.util.Secrets;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./apilogs up}: starts Kafka (in this JVM), PostgreSQL, query-service and ingest-service, makes sure a demo
 * workspace with keys exists, prints them and writes {@code .apilogs/local.json}. Ctrl-C or SIGTERM stops it all.
 */
public final class Launcher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(Env.getOrDefault("APILOGS_ROOT", ".")).toAbsolutePath().normalize();
        Path dataDir = root.resolve(".apilogs/data");
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--demo" -> demo = true;
                case "--listen" -> {
                    if (i + 1 >= args.length) {
                        fail("--listen needs an address, such as 0.0.0.0 for every interface");
                    }
                    System.setProperty(ServiceProcess.LISTEN, args[++i]);
                }
                case "--data-dir" -> {
                    if (i + 1 >= args.length) {
                        fail("--data-dir needs a directory");
                    }
                    dataDir = Path.of(args[++i]).toAbsolutePath().normalize();
                }
                default -> fail("unknown option " + args[i] + "; usage: ./apilogs up [--demo] [--data-dir DIR] [--listen ADDR]");
            }
        }
        int queryPort = Integer.parseInt(Env.getOrDefault("APILOGS_QUERY_PORT", "8080"));
        int ingestPort = Integer.parseInt(Env.getOrDefault("APILOGS_INGEST_PORT", "8081"));
        io.apilogs.localstack.util.PrivateDirs.create(dataDir, EmbeddedPg.runsAsNobody());
        long started = System.nanoTime();
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(dataDir, "pid " + ProcessHandle.current().pid() + ", query http://localhost:" + queryPort
                    + ", ingest http://localhost:" + ingestPort);
        } catch (DataDirLock.InUse e) {
            fail(e.getMessage());
            return;
        }

        // Holding the lock, whatever the pid file names was left by a launcher that died.
        Path pidFile = dataDir.resolve("services.pid");
        reapStaleServices(pidFile);
        for (int port : List.of(queryPort, ingestPort)) {
            if (!portFree(port)) {
                fail("port " + port + " is in use; stop what holds it or set APILOGS_QUERY_PORT / APILOGS_INGEST_PORT");
            }
        }
        String adminToken = Secrets.readOrCreate(dataDir.resolve("admin-token"), "adm_");

        System.out.println("API Logs: starting Kafka, PostgreSQL, query-service and ingest-service (data in " + dataDir + ") ...");
        RunningSystem system = RunningSystem.start(root, dataDir, queryPort, ingestPort, adminToken);
        Files.writeString(pidFile, system.query().pid() + "\n" + system.ingest().pid() + "\n");
        system.supervise(line -> {
            System.out.println(line);
            System.out.flush();
        }, () -> {
            try {
                Files.writeString(pidFile, system.query().pid() + "\n" + system.ingest().pid() + "\n");
            } catch (IOException e) {
                // best effort: the pid file only helps to stop services a killed launcher left behind
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        DemoFeeder[] feeder = new DemoFeeder[1];
        Path finalDataDir = dataDir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("API Logs: stopping ...");
            if (feeder[0] != null) {
                feeder[0].stop();
            }
            system.close();
            try {
                Files.deleteIfExists(finalDataDir.resolve("services.pid"));
                lock.close();
            } catch (IOException e) {
                // best effort: a stale file is checked before it is used, and the lock goes with the process
            }
            stopped.countDown();
        }, "apilogs-shutdown"));

        String queryUrl = "http://localhost:" + queryPort;
        String ingestUrl = "http://localhost:" + ingestPort;
        ObjectNode keys = demoWorkspace(dataDir.resolve("demo-workspace.json"), system.admin(), queryUrl);
        ObjectNode local = JSON.createObjectNode();
        local.put("ingestUrl", ingestUrl);
        local.put("queryUrl", queryUrl);
        String uiUrl = system.admin().loginUrl(keys.get("workspaceId").asText());
        local.put("uiUrl", uiUrl);
        local.put("ingestKey", keys.get("ingestKey").asText());
        local.put("readKey", keys.get("readKey").asText());
        local.put("adminKey", keys.get("adminKey").asText());
        local.put("adminToken", adminToken);
        local.put("workspaceId", keys.get("workspaceId").asText());
        Path localJson = root.resolve(".apilogs/local.json");
        Files.createDirectories(localJson.getParent());
        Secrets.writePrivate(localJson, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(local) + "\n");

        long readyMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println();
        System.out.println("API Logs is up (ready in " + readyMs + " ms)");
        System.out.println("  UI          " + uiUrl);
        System.out.println("              (signs in to the demo workspace once, within 15 minutes; ./apilogs ui prints a new link)");
        System.out.println("  query API   " + queryUrl + "    read key:   " + local.get("readKey").asText());
        System.out.println("  ingest API  " + ingestUrl + "    ingest key: " + local.get("ingestKey").asText());
        System.out.println("  admin key   " + local.get("adminKey").asText() + "   (workspace prices, repricing)");
        System.out.println("  admin token " + adminToken + "   (workspaces and keys)");
        System.out.println("  Kafka       " + system.stack().bootstrapServers() + "    PostgreSQL " + system.stack().jdbcUrl());
        System.out.println("  written to  " + localJson);
        System.out.println("  logs in     " + dataDir.resolve("logs"));
        System.out.println("  operations  " + queryUrl + "/q/openapi   /q/metrics   /q/health/ready   (ingest: "
                + ingestUrl + "/q/...)");
        if (demo) {
            DemoHistory.seedOnce(dataDir, queryUrl, ingestUrl, local.get("ingestKey").asText(), local.get("adminKey").asText());
            feeder[0] = new DemoFeeder(ingestUrl, local.get("ingestKey").asText());
            feeder[0].start();
            System.out.println("  demo traffic is being posted (about one event a second)");
        }
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
    }

    /** Reuses the demo workspace of an earlier run when its keys still work, so a restart keeps what was stored. */
    private static ObjectNode demoWorkspace(Path file, AdminClient admin, String queryUrl) throws Exception {
        if (Files.exists(file)) {
            JsonNode saved = JSON.readTree(file.toFile());
            if (saved.hasNonNull("readKey") && readKeyWorks(queryUrl, saved.get("readKey").asText())) {
                return (ObjectNode) saved;
            }
        }
        AdminClient.Workspace ws = admin.createWorkspace("demo");
        ObjectNode keys = JSON.createObjectNode();
        keys.put("workspaceId", ws.id());
        keys.put("ingestKey", ws.ingestKey());
        keys.put("readKey", ws.readKey());
        keys.put("adminKey", ws.adminKey());
        Secrets.writePrivate(file, keys.toString());
        return keys;
    }

    private static boolean readKeyWorks(String queryUrl, String readKey) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(queryUrl + "/v1/conversations?limit=1"))
                .header("Authorization", "Bearer " + readKey).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    /** Services left running by a launcher that was killed with SIGKILL are stopped before starting again. */
    private static void reapStaleServices(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        for (String line : Files.readAllLines(pidFile)) {
            if (line.isBlank()) {
                continue;
            }
            long pid = Long.parseLong(line.trim());
            ProcessHandle.of(pid).ifPresent(handle -> {
                Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
                try {
                    String command = Files.exists(cmdline) ? Files.readString(cmdline, StandardCharsets.UTF_8) : "";
                    if (command.contains("quarkus-run.jar")) {
                        System.out.println("API Logs: stopping a service left over from an earlier run (pid " + pid + ")");
                        handle.destroy();
                        handle.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
                    }
                } catch (Exception e) {
                    handle.destroyForcibly();
                }
            });
        }
        Files.deleteIfExists(pidFile);
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void fail(String message) {
        System.err.println("apilogs: " + message);
        System.exit(2);
    }
}
