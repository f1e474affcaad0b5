package io.apilogs.localstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs an {@link EmbeddedPg} in a separate JVM so a test can SIGKILL that JVM and leave the server orphaned. */
public final class PgChildMain {

    private PgChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPg pg = EmbeddedPg.start(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]));
        System.out.println("READY " + pg.port());
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }
}
