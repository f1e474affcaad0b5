package io.apilogs.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml checked against the code, since no Docker engine runs here: images and build files, ports,
 * every variable a real runtime configuration key of its service, secrets without defaults, the topics and their
 * partitions, health checks on probe paths the services answer (ProbePathsIT asks them live).
 */
class ComposeFileIT {
    private static final JsonNode COMPOSE = Yaml.document(Project.ROOT.resolve("docker-compose.yml"));
    private static final Map<String, String> MODULE_OF = Map.of("ingest-service", Project.INGEST, "query-service", Project.QUERY,
            "query-service-readonly", Project.QUERY);
    private static final Set<String> SECRETS = Set.of("QUARKUS_DATASOURCE_PASSWORD", "APILOGS_ADMIN_TOKEN", "APILOGS_SIGNING_SECRET");

    private static JsonNode service(String name) {
        JsonNode service = COMPOSE.path("services").path(name);
        assertThat(service.isObject()).as("compose service " + name).isTrue();
        return service;
    }

    @Test
    void theProductIsKafkaPostgresqlIngestAndTwoQueryReplicas() {
        List<String> names = new ArrayList<>();
        COMPOSE.path("services").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "kafka-init", "postgres", "query-service", "query-service-readonly",
                "ingest-service");
        assertThat(service("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(service("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(service("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(service("query-service").path("environment").path("APILOGS_WRITER_ENABLED").asText()).isEqualTo("true");
        assertThat(service("query-service-readonly").path("environment").path("APILOGS_WRITER_ENABLED").asText()).isEqualTo("false");
        // The replica shares every other setting (a merge of the writer's), secrets included.
        assertThat(service("query-service-readonly").path("environment").path("APILOGS_SIGNING_SECRET"))
                .isEqualTo(service("query-service").path("environment").path("APILOGS_SIGNING_SECRET"));
    }

    @Test
    void ourImagesAreBuiltFromTheirModulesDockerfile() {
        for (String name : List.of("ingest-service", "query-service")) {
            JsonNode build = service(name).path("build");
            String module = MODULE_OF.get(name);
            assertThat(build.path("context").asText()).isEqualTo("./" + module);
            assertThat(Files.isRegularFile(Project.ROOT.resolve(module).resolve(build.path("dockerfile").asText()))).isTrue();
            assertThat(build.path("dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
            assertThat(service(name).path("image").asText()).isEqualTo(Project.image(module));
        }
        assertThat(service("query-service-readonly").path("image").asText()).isEqualTo(Project.image(Project.QUERY));
    }

    @Test
    void portsAreTheServicesOwn() {
        MODULE_OF.forEach((name, module) -> {
            String mapping = service(name).path("ports").get(0).asText();
            assertThat(mapping.substring(mapping.indexOf(':') + 1)).as(name).isEqualTo(Integer.toString(Project.port(module)));
        });
        assertThat(service("query-service").path("ports").get(0).asText()).as("the UI on 8080").startsWith("8080:");
    }

    @Test
    void everyVariableIsARuntimeKeyOfItsServiceAndNoSecretHasADefault() {
        List<String> problems = new ArrayList<>();
        MODULE_OF.forEach((name, module) -> service(name).path("environment").fields().forEachRemaining(e -> {
            if (!Project.keys(module).knows(e.getKey())) {
                problems.add(name + ": " + e.getKey() + " is no runtime configuration key of " + module);
            }
            if (SECRETS.contains(e.getKey()) && !e.getValue().asText().matches("\\$\\{[A-Z_]+:\\?[^}]*}")) {
                problems.add(name + ": " + e.getKey() + " must come from the environment with no default (${VAR:?message})");
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(service("query-service").path("environment").has("APILOGS_SIGNING_SECRET")).isTrue();
        assertThat(service("ingest-service").path("environment").has("APILOGS_SIGNING_SECRET")).as("ingest signs nothing").isFalse();
    }

    /** Issue 22: Kafka takes authenticated clients only, as ./apilogs up's broker does, with secrets that have no default. */
    @Test
    void kafkaTakesSaslLoginsOnlyWithPasswordsFromTheEnvironment() {
        JsonNode kafka = service("kafka").path("environment");
        assertThat(kafka.path("KAFKA_LISTENERS").asText().split(",")).as("the client listener is SASL's, the other the controller's")
                .containsExactlyInAnyOrder("SASL_PLAINTEXT://:9092", "CONTROLLER://:9093");
        assertThat(kafka.path("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText()).contains("SASL_PLAINTEXT:SASL_PLAINTEXT");
        assertThat(kafka.path("KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG").asText())
                .contains("${APILOGS_KAFKA_ADMIN_PASSWORD:?");
        assertThat(service("kafka-init").path("command").toString()).contains("--add-config").contains("SCRAM-SHA-256=")
                .contains("--entity-name apilogs");
        for (String name : MODULE_OF.keySet()) {
            JsonNode env = service(name).path("environment");
            assertThat(env.path("KAFKA_SECURITY_PROTOCOL").asText()).as(name).isEqualTo("SASL_PLAINTEXT");
            assertThat(env.path("KAFKA_SASL_MECHANISM").asText()).as(name).isEqualTo("SCRAM-SHA-256");
            assertThat(env.path("KAFKA_SASL_JAAS_CONFIG").asText()).as(name).contains("username=\"apilogs\"")
                    .contains("password=\"${APILOGS_KAFKA_PASSWORD:?");
        }
    }

    @Test
    void theTopicsAreCreatedWithOnePartitionPerDefaultWriterConsumer() {
        String command = service("kafka-init").path("command").toString();
        Matcher events = Pattern.compile("--topic " + Pattern.quote(Topics.EVENTS) + " --partitions (\\d+)").matcher(command);
        assertThat(events.find()).as(command).isTrue();
        assertThat(Integer.parseInt(events.group(1))).isEqualTo(Project.defaultWriterConcurrency());
        assertThat(command).contains("--topic " + Topics.EVENTS_DLQ + " ");
        assertThat(service("kafka").path("environment").path("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
    }

    @Test
    void healthChecksUseProbePathsOnTheServicesPorts() {
        MODULE_OF.forEach((name, module) -> {
            String test = service(name).path("healthcheck").path("test").toString();
            Matcher url = Pattern.compile("http://localhost:(\\d+)(/q/health/\\w+)").matcher(test);
            assertThat(url.find()).as(name + " health check " + test).isTrue();
            assertThat(Integer.parseInt(url.group(1))).isEqualTo(Project.port(module));
            assertThat(Project.PROBES).contains(url.group(2));
        });
    }
}
