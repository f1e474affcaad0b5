package io.apilogs.query.auth;

import io.apilogs.query.config.QueryConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * One sub-key per purpose, derived from {@code APILOGS_SIGNING_SECRET} (HMAC-SHA256 of the purpose label, as in
 * HKDF-Expand with one block), so a value signed for one purpose never verifies as another. There is no default
 * secret: without one the service does not start.
 */
@Startup
@ApplicationScoped
public class SigningKeys {
    public static final String VARIABLE = "APILOGS_SIGNING_SECRET";
    static final int MIN_LENGTH = 32;

    private final byte[] cursors;
    private final byte[] streamTokens;

    public SigningKeys(QueryConfig config) {
        String secret = config.signingSecret().map(String::trim).orElse("");
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalStateException(VARIABLE + (secret.isEmpty() ? " is not set" : " is shorter than " + MIN_LENGTH
                    + " characters") + ": set it to a long random value, the same on every replica (./apilogs up generates one)");
        }
        byte[] root = secret.getBytes(StandardCharsets.UTF_8);
        this.cursors = derive(root, "apilogs/cursor/v1");
        this.streamTokens = derive(root, "apilogs/stream-token/v1");
    }

    public Signer cursors() {
        return new Signer(cursors);
    }

    public Signer streamTokens() {
        return new Signer(streamTokens);
    }

    static byte[] derive(byte[] root, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(root, "HmacSHA256"));
            return mac.doFinal((purpose + "\u0001").getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
