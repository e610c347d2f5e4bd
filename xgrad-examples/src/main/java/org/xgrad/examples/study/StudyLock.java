package org.xgrad.examples.study;

import org.xgrad.examples.experiment.SettingException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One study per output directory: an exclusive lock of the operating system on {@code --out/.xgrad-lock}, held for
 * the whole run (a killed process frees it with its file handles). The file names the process that holds it.
 */
public final class StudyLock implements AutoCloseable {

    public static final String FILE = ".xgrad-lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StudyLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws IllegalArgumentException if another process (or this one) holds the lock: one line naming it
     */
    public static StudyLock acquire(Path out) throws IOException {
        Files.createDirectories(out);
        Path file = out.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            channel.close();
            throw new SettingException("{out} " + out + " is in use by another xgrad compare ("
                    + (holder.isEmpty() ? "a process that is starting" : holder) + "); wait for it to end, or "
                    + "choose another {out}");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        return new StudyLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
