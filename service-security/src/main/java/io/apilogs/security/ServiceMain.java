package io.apilogs.security;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The entry point of both services.
 * <ul>
 *   <li>It refuses to start, in one line, when the heap is smaller than what the service's memory bounds hold (see
 *   {@link MemoryFloor}), before anything else starts.</li>
 *   <li>It refuses to start, with one line naming the variable, when a secret the service declares in
 *   {@value #REQUIRED} (one environment variable per line) is not set: before anything else starts, database
 *   migrations included. The service checks the value itself too (length), for every other way it is started.</li>
 *   <li>It turns off the HTTP layer's own URI check, which answers a malformed URI (such as {@code ?cursor=%%%}) with a
 *   bare 400 before any handler runs, so that the router sees such requests and answers them as problem+json like
 *   every other rejection (see {@link HttpHardening}).</li>
 * </ul>
 */
@QuarkusMain
public class ServiceMain {
    static final String REQUIRED = "META-INF/apilogs-required-secrets";

    public static void main(String... args) {
        for (String variable : requiredSecrets()) {
            if (blank(System.getenv(variable)) && blank(System.getProperty(property(variable)))) {
                System.err.println(variable + " is not set: set it to a long random value, the same on every replica"
                        + " (./apilogs up generates one); refusing to start");
                System.exit(2);
            }
        }
        for (MemoryFloor floor : java.util.ServiceLoader.load(MemoryFloor.class)) {
            try {
                HeapCheck.require(floor.service(), Runtime.getRuntime().maxMemory(), floor.parts(ServiceMain::setting));
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
        }
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }

    static List<String> requiredSecrets() {
        List<String> variables = new ArrayList<>();
        try (InputStream in = ServiceMain.class.getClassLoader().getResourceAsStream(REQUIRED)) {
            if (in != null) {
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::trim)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(variables::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + REQUIRED, e);
        }
        return variables;
    }

    /** {@code APILOGS_SIGNING_SECRET} is the property {@code apilogs.signing-secret}. */
    static String property(String variable) {
        String lower = variable.toLowerCase(Locale.ROOT);
        int first = lower.indexOf('_');
        return first < 0 ? lower : lower.substring(0, first) + "." + lower.substring(first + 1).replace('_', '-');
    }

    /** A setting given as an environment variable, else {@code fallback}. */
    static String setting(String variable, String fallback) {
        String value = System.getenv(variable);
        return blank(value) ? fallback : value.trim();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
