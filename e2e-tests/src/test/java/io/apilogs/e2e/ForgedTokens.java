package io.apilogs.e2e;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Stream tokens an attacker could make from what is public: every string constant in the services' sources used as
 * the signing secret, directly and through the per-purpose derivation, in the old and the new payload format.
 */
final class ForgedTokens {
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.){1,200})\"");

    private ForgedTokens() {
    }

    /** Every string literal of the main sources of the given modules, plus a few usual defaults. */
    static Set<String> constants(Path root, List<String> modules) throws IOException {
        Set<String> constants = new LinkedHashSet<>(List.of("", "secret", "changeme", "change-me", "apilogs",
                "apilogs-cursor-secret-change-me", "test-admin-token", "e2e-admin-token", "e2e-admin-token-for-e2e-tests-only-0000"));
        for (String module : modules) {
            Path sources = root.resolve(module).resolve("src/main");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = LITERAL.matcher(Files.readString(file));
                    while (m.find()) {
                        constants.add(m.group(1));
                    }
                }
            }
        }
        return constants;
    }

    /** Tokens for the workspace and key signed with {@code secret} in every way the service ever signed. */
    static List<String> forge(String secret, String workspaceId, String keyId) {
        long now = System.currentTimeMillis();
        byte[] root = secret.getBytes(StandardCharsets.UTF_8);
        String oldFormat = "{\"k\":\"stream\",\"w\":\"" + workspaceId + "\",\"e\":" + (now + 3_600_000) + "}";
        String newFormat = "{\"p\":\"stream\",\"w\":\"" + workspaceId + "\",\"k\":\"" + keyId + "\",\"i\":" + now + ",\"e\":" + (now + 30_000) + "}";
        byte[] derived = hmac(root, "apilogs/stream-token/v1\u0001".getBytes(StandardCharsets.UTF_8));
        return List.of(sign(root, oldFormat), sign(root, newFormat), sign(derived, oldFormat), sign(derived, newFormat));
    }

    private static String sign(byte[] key, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(Arrays.copyOf(hmac(key, bytes), 16));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
