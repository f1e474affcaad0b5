package io.apilogs.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceMainTest {
    @Test
    void anEnvironmentVariableNamesItsProperty() {
        assertThat(ServiceMain.property("APILOGS_SIGNING_SECRET")).isEqualTo("apilogs.signing-secret");
        assertThat(ServiceMain.property("APILOGS_ADMIN_TOKEN")).isEqualTo("apilogs.admin-token");
    }

    @Test
    void withoutADeclarationNothingIsRequired() {
        assertThat(ServiceMain.requiredSecrets()).isEmpty();
    }
}
