package io.apilogs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ./apilogs ui}: prints a fresh one-time sign-in link for the demo workspace of the running local system. */
public final class LoginLink {
    private LoginLink() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("APILOGS_ROOT", "."));
        Path local = root.resolve(".apilogs/local.json");
        if (!Files.exists(local)) {
            System.err.println("apilogs: no running system found (" + local + "); start one with ./apilogs up");
            System.exit(1);
        }
        JsonNode saved = new ObjectMapper().readTree(local.toFile());
        AdminClient admin = new AdminClient(saved.get("queryUrl").asText(), saved.get("adminToken").asText());
        try {
            System.out.println(admin.loginUrl(saved.get("workspaceId").asText()));
        } catch (IllegalStateException e) {
            System.err.println("apilogs: the system at " + saved.get("queryUrl").asText() + " did not answer (" + e.getMessage()
                    + "); is ./apilogs up still running?");
            System.exit(1);
        }
    }
}
