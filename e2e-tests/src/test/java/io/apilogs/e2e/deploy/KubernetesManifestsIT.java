package io.apilogs.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s checked against the code: every manifest parses, images and ports are the services' own, every variable
 * (inline, or a key of a ConfigMap or Secret the pod reads) is a runtime configuration key of its service, probes use
 * paths the services answer, Services, HPAs and PDBs point at real Deployments, the topic has the partitions the
 * writers consume, and the addresses are those the Strimzi and CloudNativePG objects create.
 */
class KubernetesManifestsIT {
    private static final Path K8S = Project.ROOT.resolve("deploy/k8s");
    private static final Manifests BASE = Manifests.of(K8S.resolve("base"));

    private static String module(JsonNode container) {
        String image = container.path("image").asText();
        return image.substring(image.indexOf('/') + 1, image.indexOf(':'));
    }

    private static List<JsonNode> containers(Manifests.Resource deployment) {
        List<JsonNode> list = new ArrayList<>();
        deployment.object().path("spec").path("template").path("spec").path("containers").forEach(list::add);
        return list;
    }

    /** Issue 22: the event log takes authenticated clients only, and every service logs in with a generated secret. */
    @Test
    void kafkaTakesScramLoginsOnlyAndEveryServiceHasOne() {
        JsonNode kafka = BASE.ofKind("Kafka").get(0).object().path("spec");
        kafka.path("kafka").path("listeners").forEach(listener ->
                assertThat(listener.path("authentication").path("type").asText()).as(listener.path("name").asText()).isEqualTo("scram-sha-512"));
        assertThat(kafka.path("entityOperator").has("userOperator")).as("the operator that generates the KafkaUser's secret").isTrue();
        assertThat(BASE.ofKind("KafkaUser")).singleElement().satisfies(user ->
                assertThat(user.object().path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512"));
        for (Manifests.Resource deployment : BASE.ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                List<String> names = new ArrayList<>();
                container.path("env").forEach(e -> names.add(e.path("name").asText()));
                assertThat(names).as(deployment.name()).contains("KAFKA_SASL_JAAS_CONFIG");
            }
        }
        for (Manifests.Resource config : BASE.ofKind("ConfigMap")) {
            if (config.object().path("data").has("KAFKA_BOOTSTRAP_SERVERS")) {
                assertThat(config.object().path("data").path("KAFKA_SECURITY_PROTOCOL").asText()).as(config.name()).isEqualTo("SASL_PLAINTEXT");
                assertThat(config.object().path("data").path("KAFKA_SASL_MECHANISM").asText()).as(config.name()).isEqualTo("SCRAM-SHA-512");
            }
        }
    }

    @Test
    void everyResourceExistsAndHasAKindAndName() {
        assertThat(BASE.missing).isEmpty();
        assertThat(BASE.resources).allSatisfy(r -> {
            assertThat(r.kind()).as(r.file().toString()).isNotBlank();
            assertThat(r.name()).as(r.file().toString()).isNotBlank();
        });
        assertThat(BASE.ofKind("Deployment")).extracting(Manifests.Resource::name)
                .containsExactlyInAnyOrder("apilogs-ingest", "apilogs-query-writer", "apilogs-query");
        assertThat(BASE.ofKind("HorizontalPodAutoscaler")).extracting(Manifests.Resource::name)
                .containsExactlyInAnyOrder("apilogs-ingest", "apilogs-query");
        assertThat(BASE.ofKind("PodDisruptionBudget")).hasSize(3);
        assertThat(BASE.ofKind("Kafka")).hasSize(1);
        assertThat(BASE.ofKind("Cluster")).hasSize(1);
    }

    @Test
    void deploymentsRunOurImagesOnTheirPortsWithProbesThatExist() {
        for (Manifests.Resource deployment : BASE.ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String module = module(container);
                assertThat(container.path("image").asText()).as(deployment.name()).isEqualTo(Project.image(module));
                assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(deployment.name()).isEqualTo(Project.port(module));
                String portName = container.path("ports").get(0).path("name").asText();
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    JsonNode get = container.path(probe).path("httpGet");
                    assertThat(Project.PROBES).as(deployment.name() + " " + probe).contains(get.path("path").asText());
                    assertThat(get.path("port").asText()).isEqualTo(portName);
                }
                assertThat(container.path("resources").path("requests").has("cpu")).isTrue();
                assertThat(container.path("resources").path("limits").has("memory")).isTrue();
            }
        }
        assertThat(Project.PROBES).containsExactlyInAnyOrder("/q/health/started", "/q/health/ready", "/q/health/live");
    }

    @Test
    void everyVariableAPodReadsIsARuntimeKeyOfItsService() {
        List<String> problems = new ArrayList<>();
        for (Manifests.Resource deployment : BASE.ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String module = module(container);
                Set<String> variables = new HashSet<>();
                container.path("env").forEach(e -> variables.add(e.path("name").asText()));
                for (JsonNode from : container.path("envFrom")) {
                    if (from.has("configMapRef")) {
                        BASE.get("ConfigMap", from.path("configMapRef").path("name").asText()).object().path("data").fieldNames()
                                .forEachRemaining(variables::add);
                    }
                    if (from.has("secretRef")) {
                        BASE.get("Secret", from.path("secretRef").path("name").asText()).object().path("stringData").fieldNames()
                                .forEachRemaining(variables::add);
                    }
                }
                for (String variable : variables) {
                    if (!Project.keys(module).knows(variable)) {
                        problems.add(deployment.name() + ": " + variable + " is no runtime configuration key of " + module);
                    }
                }
                for (JsonNode e : container.path("env")) {
                    JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                    if (ref.isMissingNode()) {
                        continue;
                    }
                    if (e.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                        // Strimzi's User Operator writes a KafkaUser's password and JAAS line into a Secret of its name.
                        assertThat(BASE.ofKind("KafkaUser")).extracting(Manifests.Resource::name).contains(ref.path("name").asText());
                        assertThat(ref.path("key").asText()).isEqualTo("sasl.jaas.config");
                    } else {
                        String cluster = BASE.ofKind("Cluster").get(0).name();
                        assertThat(ref.path("name").asText()).as("CloudNativePG's app secret").isEqualTo(cluster + "-app");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        // No default secrets: the base Secret is empty, the overlay replaces it from a file that is never committed.
        BASE.get("Secret", "apilogs-secrets").object().path("stringData").fields()
                .forEachRemaining(e -> assertThat(e.getValue().asText()).as(e.getKey()).isEmpty());
    }

    @Test
    void servicesAutoscalersAndBudgetsPointAtRealDeployments() {
        List<Map<String, String>> podLabels = new ArrayList<>();
        for (Manifests.Resource deployment : BASE.ofKind("Deployment")) {
            Map<String, String> labels = new java.util.HashMap<>();
            deployment.object().path("spec").path("template").path("metadata").path("labels").fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            podLabels.add(labels);
        }
        for (String kind : List.of("Service", "PodDisruptionBudget")) {
            for (Manifests.Resource r : BASE.ofKind(kind)) {
                JsonNode selector = kind.equals("Service") ? r.object().path("spec").path("selector")
                        : r.object().path("spec").path("selector").path("matchLabels");
                boolean matches = podLabels.stream().anyMatch(labels -> {
                    boolean all = true;
                    for (var it = selector.fields(); it.hasNext(); ) {
                        var e = it.next();
                        all &= e.getValue().asText().equals(labels.get(e.getKey()));
                    }
                    return all;
                });
                assertThat(matches).as(kind + " " + r.name() + " selects some Deployment's pods").isTrue();
            }
        }
        for (Manifests.Resource hpa : BASE.ofKind("HorizontalPodAutoscaler")) {
            String target = hpa.object().path("spec").path("scaleTargetRef").path("name").asText();
            String writerEnabled = null;
            for (JsonNode container : containers(BASE.get("Deployment", target))) {
                for (JsonNode e : container.path("env")) {
                    if (e.path("name").asText().equals("APILOGS_WRITER_ENABLED")) {
                        writerEnabled = e.path("value").asText();
                    }
                }
            }
            if (target.contains("query")) {
                // Autoscaled query replicas only read: writers beyond the partitions would sit idle.
                assertThat(writerEnabled).as(target).isEqualTo("false");
            }
        }
        assertThat(BASE.get("Service", "apilogs-query").object().path("spec").path("ports").get(0).path("port").asInt())
                .isEqualTo(Project.port(Project.QUERY));
        assertThat(BASE.get("Service", "apilogs-ingest").object().path("spec").path("ports").get(0).path("port").asInt())
                .isEqualTo(Project.port(Project.INGEST));
    }

    @Test
    void theTopicHasOnePartitionPerWriterConsumerAndSurvivesABroker() {
        JsonNode topic = BASE.ofKind("KafkaTopic").stream().filter(t -> t.object().path("spec").path("topicName").asText().equals(Topics.EVENTS))
                .findFirst().orElseThrow().object().path("spec");
        assertThat(topic.path("partitions").asInt()).isEqualTo(Project.defaultWriterConcurrency());
        assertThat(topic.path("replicas").asInt()).isEqualTo(3);
        assertThat(topic.path("config").path("min.insync.replicas").asText()).isEqualTo("2");
        assertThat(BASE.ofKind("KafkaTopic")).anyMatch(t -> t.object().path("spec").path("topicName").asText().equals(Topics.EVENTS_DLQ));
        // Writer replicas times their consumers fill the partitions exactly.
        Manifests.Resource writer = BASE.get("Deployment", "apilogs-query-writer");
        int consumers = Integer.parseInt(BASE.get("ConfigMap", "apilogs-query-config").object().path("data").path("APILOGS_WRITER_CONCURRENCY").asText());
        assertThat(writer.object().path("spec").path("replicas").asInt() * consumers).isEqualTo(topic.path("partitions").asInt());
    }

    @Test
    void addressesAreThoseTheOperatorsCreate() {
        Manifests.Resource kafka = BASE.ofKind("Kafka").get(0);
        int listener = kafka.object().path("spec").path("kafka").path("listeners").get(0).path("port").asInt();
        String bootstrap = kafka.name() + "-kafka-bootstrap:" + listener;
        String cluster = BASE.ofKind("Cluster").get(0).name();
        String database = BASE.ofKind("Cluster").get(0).object().path("spec").path("bootstrap").path("initdb").path("database").asText();
        for (Manifests.Resource config : BASE.ofKind("ConfigMap")) {
            JsonNode data = config.object().path("data");
            assertThat(data.path("KAFKA_BOOTSTRAP_SERVERS").asText()).as(config.name()).isEqualTo(bootstrap);
            assertThat(data.path("QUARKUS_DATASOURCE_REACTIVE_URL").asText()).isEqualTo("postgresql://" + cluster + "-rw:5432/" + database);
            if (data.has("QUARKUS_DATASOURCE_JDBC_URL")) {
                assertThat(data.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).isEqualTo("jdbc:postgresql://" + cluster + "-rw:5432/" + database);
            }
        }
        for (Manifests.Resource topic : BASE.ofKind("KafkaTopic")) {
            assertThat(topic.object().path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(kafka.name());
        }
    }

    @Test
    void theExampleOverlayReplacesTheSecretAndPinsBothImages() throws Exception {
        Path overlay = K8S.resolve("overlays/example");
        JsonNode kustomization = Yaml.document(overlay.resolve("kustomization.yaml"));
        assertThat(kustomization.path("resources").toString()).contains("../../base");
        List<String> images = new ArrayList<>();
        kustomization.path("images").forEach(i -> images.add(i.path("name").asText()));
        assertThat(images).containsExactlyInAnyOrder("apilogs/ingest-service", "apilogs/query-service");
        JsonNode generator = kustomization.path("secretGenerator").get(0);
        assertThat(generator.path("name").asText()).isEqualTo("apilogs-secrets");
        assertThat(generator.path("behavior").asText()).isEqualTo("replace");
        Set<String> exampleKeys = new HashSet<>();
        for (String line : Files.readAllLines(overlay.resolve("secrets.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exampleKeys.add(line.substring(0, line.indexOf('=')));
            }
        }
        Set<String> secretKeys = new HashSet<>();
        BASE.get("Secret", "apilogs-secrets").object().path("stringData").fieldNames().forEachRemaining(secretKeys::add);
        assertThat(exampleKeys).isEqualTo(secretKeys);
        assertThat(Files.readString(Project.ROOT.resolve(".gitignore"))).contains("deploy/k8s/overlays/*/secrets.env");
    }
}
