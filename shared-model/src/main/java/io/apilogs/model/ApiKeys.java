package io.apilogs.model;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Key format and hashing. A key is {@code al_<scope>_<32 random base62 chars>}; only its SHA-256 is stored,
 * plus a short prefix so people can tell keys apart in listings.
 */
public final class ApiKeys {
    public enum Scope {
        INGEST, READ, ADMIN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope fromWire(String value) {
            for (Scope scope : values()) {
                if (scope.wireName().equals(value)) {
                    return scope;
                }
            }
            return null;
        }
    }

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_LENGTH = 32;
    public static final int PREFIX_LENGTH = 12;

    private ApiKeys() {
    }

    public static String newKey(Scope scope) {
        return "al_" + scope.wireName() + "_" + randomBase62(SECRET_LENGTH);
    }

    public static String randomBase62(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    public static String hash(String key) {
        return Hashing.sha256Hex(key);
    }

    public static String prefix(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }

    /** The key of an {@code Authorization: Bearer <key>} header, or null when there is none. */
    public static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).trim();
        return key.isEmpty() ? null : key;
    }

    /** The exact shape of a key this service makes, so that anything else never reaches the database. */
    public static boolean looksLikeKey(String key) {
        if (key == null || !key.startsWith("al_")) {
            return false;
        }
        int second = key.indexOf('_', 3);
        return second >= 0 && Scope.fromWire(key.substring(3, second)) != null && isSecret(key, second + 1);
    }

    /** Whether {@code value} from {@code from} on is a secret as {@link #randomBase62} makes them for keys and tokens. */
    public static boolean isSecret(String value, int from) {
        if (value.length() - from != SECRET_LENGTH) {
            return false;
        }
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }
}
