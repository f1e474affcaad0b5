package io.apilogs.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** What every benchmark needs: a free port for a service, and a sleep that keeps the interrupt flag. */
final class Bench {
    private Bench() {
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
