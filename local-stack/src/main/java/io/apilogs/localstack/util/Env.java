package io.apilogs.localstack.util;

import java.util.Locale;

/** Environment lookups, with system properties of the same name taking precedence (handy in tests). */
public final class Env {
    private Env() {
    }

    public static String get(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value;
    }

    public static String getOrDefault(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** MicroProfile Config's environment name for a property: non-alphanumerics become '_', upper case. */
    public static String toEnvName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
