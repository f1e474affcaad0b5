package io.apilogs.query.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/** Signs small opaque values with one purpose's key, so that only this service's own are accepted. */
public final class Signer {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecretKeySpec key;

    Signer(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public String sign(byte[] payload) {
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
    }

    /** The payload, or null when the value is not one this signer made. */
    public byte[] verify(String signed) {
        if (signed == null || signed.length() > 4096) {
            return null;
        }
        int dot = signed.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(signed.substring(0, dot));
            byte[] mac = Base64.getUrlDecoder().decode(signed.substring(dot + 1));
            return MessageDigest.isEqual(mac, mac(payload)) ? payload : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(payload), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
