package io.apilogs.localstack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One system per data directory: {@code ./apilogs up} holds an exclusive lock on {@code <data dir>/apilogs.lock} for
 * as long as it runs, and writes there who holds it. The operating system releases the lock when the holder dies,
 * however it dies, so a lock that can be taken means whatever is left in the directory is from a crash.
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE = "apilogs.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock and records {@code holder} in it, or tells who holds it. */
    public static DataDirLock acquire(Path dataDir, String holder) throws InUse, IOException {
        io.apilogs.localstack.util.PrivateDirs.create(dataDir, EmbeddedPg.runsAsNobody());
        Path file = dataDir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new InUse(dataDir, holder(file).orElse("another process"));
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new DataDirLock(channel, lock);
    }

    private static Optional<String> holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The data directory is in use by a running system. */
    public static final class InUse extends Exception {
        InUse(Path dataDir, String holder) {
            super("the data directory " + dataDir + " is in use by a running system (" + holder
                    + "); stop it first, or give this one another --data-dir");
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    /** Holds the lock of a directory until killed: for tests of a second launcher. */
    public static void main(String[] args) throws Exception {
        try (DataDirLock ignored = acquire(Path.of(args[0]), "pid " + ProcessHandle.current().pid() + ", a test holder")) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
