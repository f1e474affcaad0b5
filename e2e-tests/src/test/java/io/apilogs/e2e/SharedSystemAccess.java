package io.apilogs.e2e;

import io.apilogs.localstack.RunningSystem;

/** For test packages below io.apilogs.e2e that use {@code @ExtendWith(SharedSystem.class)}: the shared system. */
public final class SharedSystemAccess {
    private SharedSystemAccess() {
    }

    public static RunningSystem system() {
        return SharedSystem.system();
    }
}
