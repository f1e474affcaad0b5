package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Json;
import io.apilogs.query.config.QueryConfig;
import io.apilogs.query.rest.Problems;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/** Opaque keyset cursors: base64url JSON plus an HMAC, so a cursor not made by this service is refused with 400. */
@ApplicationScoped
public class Cursors {
    private final byte[] secret;

    public Cursors(QueryConfig config) {
        this.secret = config.cursorSecret().getBytes(StandardCharsets.UTF_8);
    }

    public String encode(ObjectNode position) {
        byte[] payload = position.toString().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload));
    }

    /** The position, or null when no cursor was given. */
    public JsonNode decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            int dot = cursor.indexOf('.');
            if (dot < 0 || cursor.length() > 4096) {
                throw Problems.badParameter("cursor", "is not a cursor made by this service");
            }
            byte[] payload = Base64.getUrlDecoder().decode(cursor.substring(0, dot));
            byte[] mac = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(payload))) {
                throw Problems.badParameter("cursor", "is not a cursor made by this service");
            }
            return Json.CANONICAL.readTree(payload);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw Problems.badParameter("cursor", "is not a cursor made by this service");
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
