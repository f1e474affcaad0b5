package io.apilogs.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpHardeningTest {
    @Test
    void aPercentNotFollowedByTwoHexDigitsIsMalformed() {
        assertThat(HttpHardening.badPercentEncoding("/v1/conversations?cursor=%%%garbage")).isTrue();
        assertThat(HttpHardening.badPercentEncoding("/v1/events?x=%")).isTrue();
        assertThat(HttpHardening.badPercentEncoding("/v1/events?x=%4")).isTrue();
        assertThat(HttpHardening.badPercentEncoding("/v1/events?x=%g1")).isTrue();
        assertThat(HttpHardening.badPercentEncoding("/v1/conversations?q=100%25&tz=Europe%2FParis")).isFalse();
        assertThat(HttpHardening.badPercentEncoding("/v1/conversations?q=%e9%80%80%E6%AC%BE")).isFalse();
        assertThat(HttpHardening.badPercentEncoding("/v1/conversations")).isFalse();
    }
}
