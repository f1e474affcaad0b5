package io.apilogs.query.auth;

import io.apilogs.query.config.QueryConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";

    static SigningKeys keys(String secret) {
        return new SigningKeys(new QueryConfig() {
            @Override
            public Optional<String> adminToken() {
                return Optional.empty();
            }

            @Override
            public Optional<String> signingSecret() {
                return Optional.ofNullable(secret);
            }

            @Override
            public Streams streams() {
                throw new UnsupportedOperationException("signing needs no stream settings");
            }

            @Override
            public Writer writer() {
                throw new UnsupportedOperationException("signing needs no writer settings");
            }

            @Override
            public Retention retention() {
                throw new UnsupportedOperationException("signing needs no retention settings");
            }

            @Override
            public Usage usage() {
                throw new UnsupportedOperationException("signing needs no usage settings");
            }

            @Override
            public Reads reads() {
                throw new UnsupportedOperationException("signing needs no read settings");
            }

            @Override
            public Limits limits() {
                throw new UnsupportedOperationException("signing needs no limits");
            }

            @Override
            public Accept accept() {
                throw new UnsupportedOperationException("signing needs no accept window");
            }
        });
    }

    private final SigningKeys keys = keys(SECRET);
    private final StreamTokens tokens = new StreamTokens(keys);

    @Test
    void anIssuedTokenCarriesItsWorkspaceAndKeyForSixtySeconds() {
        String token = tokens.issue("ws_1", "key_1").token();
        long now = System.currentTimeMillis();
        assertThat(tokens.verify(token, now)).isEqualTo(new StreamTokens.Claims("ws_1", "key_1"));
        assertThat(tokens.verify(token, now + 59_000)).isNotNull();
        assertThat(tokens.verify(token, now + 61_000)).isNull();
    }

    @Test
    void aTokenSignedToLiveLongerThanSixtySecondsIsRefused() {
        long now = System.currentTimeMillis();
        String longLived = keys.streamTokens().sign(("{\"p\":\"stream\",\"w\":\"ws_1\",\"k\":\"key_1\",\"i\":" + now
                + ",\"e\":" + (now + 3_600_000) + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(longLived, now)).isNull();
        String fromTheFuture = keys.streamTokens().sign(("{\"p\":\"stream\",\"w\":\"ws_1\",\"k\":\"key_1\",\"i\":" + (now + 600_000)
                + ",\"e\":" + (now + 630_000) + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(fromTheFuture, now)).isNull();
    }

    @Test
    void aCursorIsNoTokenAndATokenOfAnotherSecretIsNone() {
        long now = System.currentTimeMillis();
        byte[] payload = ("{\"p\":\"stream\",\"w\":\"ws_1\",\"k\":\"key_1\",\"i\":" + now + ",\"e\":" + (now + 30_000) + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(tokens.verify(keys.cursors().sign(payload), now)).isNull();
        assertThat(tokens.verify(keys(SECRET + "x").streamTokens().sign(payload), now)).isNull();
        assertThat(tokens.verify(keys.streamTokens().sign(payload), now)).isNotNull();
        assertThat(tokens.verify("garbage", now)).isNull();
        assertThat(tokens.verify(null, now)).isNull();
    }

    @Test
    void withoutASecretTheServiceDoesNotStart() {
        assertThatThrownBy(() -> keys(null)).hasMessageStartingWith("APILOGS_SIGNING_SECRET is not set");
        assertThatThrownBy(() -> keys("short")).hasMessageStartingWith("APILOGS_SIGNING_SECRET is shorter than 32");
    }
}
