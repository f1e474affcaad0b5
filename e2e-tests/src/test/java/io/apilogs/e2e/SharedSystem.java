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

    static RunningSystem start(String name) {
        Path root = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
        return RunningSystem.start(root, root.resolve("e2e-tests/target/" + name + "-" + UUID.randomUUID()),
                freePort(), freePort(), name + "-admin-token-for-e2e-tests-only-0000");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
