package io.apilogs.bench;

import io.apilogs.localstack.LocalStack;
import io.apilogs.localstack.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The read benchmark's plans: each read run once more with auto_explain on, its plans cut out of the server log. */
final class Plans {
    private Plans() {
    }

    /**
     * Runs each read once more with auto_explain logging every statement's plan (ANALYZE, BUFFERS) in a fresh
     * query-service, so the plans printed are those of the service's own SQL.
     */
    static void print(LocalStack stack, Path root, Map<String, String> env, Path dataDir,
                                   Map<String, Supplier<String>> reads, String key, ServiceProcess running) throws Exception {
        Path log = stack.pg().dataDir().getParent().resolve("pg-work/postgres.log");
        if (!Files.exists(log)) {
            System.out.println("(no postgres.log at " + log + "; plans not printed)");
            return;
        }
        // Setting these for a role takes a superuser: the embedded server's "postgres", with the password of its data directory.
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", stack.pg().superuserPassword()); Statement s = c.createStatement()) {
            s.execute("alter role apilogs set session_preload_libraries = 'auto_explain'");
            s.execute("alter role apilogs set auto_explain.log_min_duration = 0");
            s.execute("alter role apilogs set auto_explain.log_analyze = on");
            s.execute("alter role apilogs set auto_explain.log_buffers = on");
        }
        running.stop();
        ServiceProcess query = ServiceProcess.start(root, "query-service", Bench.freePort(), env, dataDir.resolve("logs-plans"));
        List<String> sections = new ArrayList<>();
        try {
            query.awaitReady(Duration.ofSeconds(120));
            String base = running.baseUrl();
            for (Map.Entry<String, Supplier<String>> read : reads.entrySet()) {
                long before = Files.size(log);
                String url = read.getValue().get().replace(base, query.baseUrl());
                QueryBench.check(QueryBench.get(url, key), read.getKey());
                Thread.sleep(300);
                String logged = Files.readString(log).substring((int) Math.min(before, Files.size(log)));
                sections.add("=== plan: " + read.getKey() + "\n" + plans(logged));
            }
        } finally {
            query.stop();
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), "postgres", stack.pg().superuserPassword()); Statement s = c.createStatement()) {
                s.execute("alter role apilogs reset all");
            }
        }
        System.out.println();
        sections.forEach(System.out::println);
    }

    /** The plan blocks of the product's queries in a log excerpt, without the key lookups. */
    private static String plans(String logged) {
        StringBuilder out = new StringBuilder();
        for (String block : logged.split("(?m)^(?=\\S.*LOG:  duration:)")) {
            if (block.contains("api_keys") || !block.contains("duration:")) {
                continue;
            }
            out.append(block.strip()).append('\n');
        }
        return out.toString();
    }
}
