package io.apilogs.query.security;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Limits low enough that a test reaches them however slow the machine is: 2 live streams per key, 20 reads a second per
 * key (a burst of 100). At the default 200 a second (burst 1,000), a machine that answers fewer than 200 reads a second
 * never runs out, so a check for the 429 would depend on the machine's speed. One profile for every test that needs
 * them, so Quarkus starts once for all of them.
 */
public class TightLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("apilogs.streams.max-per-key", "2", "apilogs.limits.reads-per-second", "20");
    }
}
