package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One running system (local stack plus both packaged services) shared by every test class that uses this extension,
 * started once and stopped when the test run ends. Each class still works in a workspace of its own.
 */
public class SharedSystem implements BeforeAllCallback {
    private static RunningSystem system;

    private record Closer(RunningSystem system) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            system.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (SharedSystem.class) {
            if (system == null) {
                system = start("e2e");
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SharedSystem.class.getName(), new Closer(system));
            }
        }
    }

    static RunningSystem system() {
        return system;
    }

    static AdminClient.Workspace newWorkspace(String name) {
        return system.admin().createWorkspace(name);
    }

    /**
     * A system of its own. A port found free may be taken by another process before the service binds it (tests start
     * systems one after another): the service then exits, and the system is started again on other ports.
     */
    static RunningSystem start(String name) {
        Path root = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return RunningSystem.start(root, root.resolve("e2e-tests/target/" + name + "-" + UUID.randomUUID()),
                        freePort(), freePort(), name + "-admin-token-for-e2e-tests-only-0000");
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        throw failure;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
