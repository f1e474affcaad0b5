package io.apilogs.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HashingTest {
    @Test
    void sha256IsOverExactUtf8Bytes() {
        assertThat(Hashing.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashing.sha256Hex("é")).isNotEqualTo(Hashing.sha256Hex("e\u0301"));
    }

    @Test
    void keysHaveTheirScopeAndAStableHash() {
        String key = ApiKeys.newKey(ApiKeys.Scope.READ);
        assertThat(key).startsWith("al_read_").hasSize(8 + 32);
        assertThat(ApiKeys.looksLikeKey(key)).isTrue();
        assertThat(ApiKeys.looksLikeKey("not a key")).isFalse();
        assertThat(ApiKeys.hash(key)).isEqualTo(ApiKeys.hash(key)).hasSize(64);
    }

    @Test
    void timesAreWrittenInUtcWithMilliseconds() {
        assertThat(Times.format(Instant.parse("2026-11-25T20:01:15Z"))).isEqualTo("2026-11-25T20:01:15.000Z");
        assertThat(Times.parse("2026-11-25T21:01:15.5+01:00")).isEqualTo(Instant.parse("2026-11-25T20:01:15.500Z"));
        assertThat(Times.parse("2026-11-25")).isNull();
        assertThat(Ids.isValid("a:b.c-d_e")).isTrue();
        assertThat(Ids.isValid("")).isFalse();
    }
}
