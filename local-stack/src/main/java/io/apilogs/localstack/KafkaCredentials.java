package io.apilogs.localstack;

import io.apilogs.localstack.util.Secrets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker's authentication (issue 22: a 10-line producer once injected events into any workspace,
 * bypassing auth, validation and redaction). Its one client listener takes SASL only:
 * <ul>
 *   <li>SCRAM-SHA-256 for the services and tests, as user {@value #USER};</li>
 *   <li>PLAIN for the broker itself (inter-broker) and for this launcher's admin work, as user {@value #ADMIN}: SCRAM
 *   credentials live in the metadata log, so the broker needs one login that does not, to create them at start.</li>
 * </ul>
 * Both passwords are generated once per data directory and kept beside the log directory, owner-only. The controller
 * listener stays plaintext on 127.0.0.1: it serves the quorum, not produce or fetch requests.
 */
final class KafkaCredentials {
    static final String ADMIN = "admin";
    static final String USER = "apilogs";
    static final String LISTENER = "SASL_PLAINTEXT";
    private static final String SCRAM = "SCRAM-SHA-256";

    private final String adminPassword;
    private final String password;

    KafkaCredentials(Path logDir) {
        this.adminPassword = Secrets.readOrCreate(logDir.resolveSibling(logDir.getFileName() + "-admin-password"), "");
        this.password = Secrets.readOrCreate(logDir.resolveSibling(logDir.getFileName() + "-password"), "");
    }

    /** The SASL settings of the broker's client listener. */
    void configure(Properties broker) {
        String prefix = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        broker.put("sasl.enabled.mechanisms", SCRAM + ",PLAIN");
        broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        // The broker's own login (username, password) and the PLAIN users it accepts (user_<name>): the admin only.
        broker.put(prefix + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username="
                + quote(ADMIN) + " password=" + quote(adminPassword) + " user_" + ADMIN + "=" + quote(adminPassword) + ";");
        broker.put(prefix + "scram-sha-256.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }

    /** A client's settings as {@value #USER} (SCRAM): what the services and tests connect with. */
    Map<String, Object> client() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("security.protocol", LISTENER);
        config.put("sasl.mechanism", SCRAM);
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + quote(USER)
                + " password=" + quote(password) + ";");
        return config;
    }

    /** An admin client's settings as {@value #ADMIN} (PLAIN), for this launcher only. */
    Map<String, Object> admin() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("security.protocol", LISTENER);
        config.put("sasl.mechanism", "PLAIN");
        config.put("sasl.jaas.config", plain(ADMIN, adminPassword));
        return config;
    }

    /** Creates (or resets to the kept password) the SCRAM credential of {@value #USER}. */
    void upsert(Admin admin, long timeoutMillis) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), password)))
                .all().get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static String plain(String user, String secret) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=" + quote(user) + " password="
                + quote(secret) + ";";
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
