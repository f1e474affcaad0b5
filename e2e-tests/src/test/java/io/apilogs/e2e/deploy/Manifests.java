package io.apilogs.e2e.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Kubernetes objects of a kustomization, following its resources (files and directories) as kustomize would. */
final class Manifests {
    record Resource(Path file, JsonNode object) {
        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.path("metadata").path("name").asText();
        }
    }

    final List<Resource> resources = new ArrayList<>();
    final List<Path> missing = new ArrayList<>();

    static Manifests of(Path kustomizationDir) {
        Manifests manifests = new Manifests();
        manifests.read(kustomizationDir);
        return manifests;
    }

    private void read(Path dir) {
        JsonNode kustomization = Yaml.document(dir.resolve("kustomization.yaml"));
        for (JsonNode entry : kustomization.path("resources")) {
            Path target = dir.resolve(entry.asText()).normalize();
            if (java.nio.file.Files.isDirectory(target)) {
                read(target);
            } else if (java.nio.file.Files.isRegularFile(target)) {
                Yaml.documents(target).forEach(doc -> resources.add(new Resource(target, doc)));
            } else {
                missing.add(target);
            }
        }
    }

    List<Resource> ofKind(String kind) {
        return resources.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    Resource get(String kind, String name) {
        return ofKind(kind).stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }
}
