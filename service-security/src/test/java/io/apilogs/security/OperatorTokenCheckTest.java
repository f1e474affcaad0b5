package io.apilogs.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorTokenCheckTest {
    @Test
    void aShortOperatorTokenStopsTheServiceAndNamesTheVariable() {
        assertThatThrownBy(() -> OperatorTokenCheck.check(Optional.of("admin"))).hasMessageStartingWith("APILOGS_ADMIN_TOKEN is shorter than 32");
        assertThatThrownBy(() -> OperatorTokenCheck.check(Optional.of("x".repeat(31)))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLongTokenOrNoneIsFine() {
        assertThatCode(() -> OperatorTokenCheck.check(Optional.of("x".repeat(32)))).doesNotThrowAnyException();
        assertThatCode(() -> OperatorTokenCheck.check(Optional.empty())).doesNotThrowAnyException();
        assertThatCode(() -> OperatorTokenCheck.check(Optional.of(" "))).doesNotThrowAnyException();
    }
}
