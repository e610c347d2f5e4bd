package org.xgrad.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xgrad.examples.study.Checkpoint;
import org.xgrad.testing.Console;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File-system faults while a study writes its checkpoints (injected: a writer that throws), and corrupt checkpoints
 * on {@code --resume}: one {@code error:} line naming the file and the cause, exit 2, no {@code .tmp} left, the earlier
 * checkpoints intact; a corrupt newest checkpoint resumes from the epoch before.
 */
class FileFaultTest {

    private static final String[] ONE_RUN = {"--steps", "1", "--no-base", "--seeds", "1"};

    private static String[] with(String... extra) {
        return Stream.concat(Arrays.stream(ONE_RUN), Arrays.stream(extra)).toArray(String[]::new);
    }

    /** A writer that fails with an IOException saying {@code fault} once {@code after} bytes are written. */
    private static Checkpoint.Storage failingAfter(long after, String fault) {
        return file -> new FilterOutputStream(Files.newOutputStream(file)) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > after) {
                    throw new IOException(fault);
                }
                out.write(b, off, len);
            }
        };
    }

    private static void assertOneLine(String err, String... parts) {
        for (String part : parts) {
            assertTrue(err.contains(part), part + " in: " + err);
        }
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error:")).count(), err);
    }

    private static void assertNoTemporaryFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out.resolve(Checkpoint.DIRECTORY))) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void aFullDiskIsOneLineAndTheCheckpointsStayIntact(@TempDir Path out) throws IOException {
        assertEquals(0, StudyTest.compare(out, with("--epochs", "1")));
        Path checkpoint = Checkpoint.file(out, "XGrad-S1", 1);
        byte[] before = Files.readAllBytes(checkpoint);
        Checkpoint.Storage normal = Checkpoint.useStorage(failingAfter(1000, "No space left on device"));
        String err;
        try {
            err = StudyTest.errorOf(out, "--resume", "--epochs", "2");
        } finally {
            Checkpoint.useStorage(normal);
        }
        assertOneLine(err, "cannot write the checkpoint " + checkpoint, "No space left on device");
        assertNoTemporaryFiles(out);
        assertArrayEquals(before, Files.readAllBytes(checkpoint), "epoch 1's checkpoint intact");
        assertEquals(0, StudyTest.compare(out, "--resume", "--epochs", "2"), "and the study goes on");
        assertEquals(2, StudyTest.rows(out, "XGrad-S1").size());
    }

    @Test
    void aReadOnlyFileSystemIsOneLine(@TempDir Path out) throws IOException {
        Checkpoint.Storage normal = Checkpoint.useStorage(file -> {
            throw new AccessDeniedException(file.toString());
        });
        String err;
        try {
            err = StudyTest.errorOf(out, with("--epochs", "1"));
        } finally {
            Checkpoint.useStorage(normal);
        }
        assertOneLine(err, "cannot write the checkpoint " + Checkpoint.file(out, "XGrad-S1", 1), "permission denied");
        assertNoTemporaryFiles(out);
    }

    @Test
    void aCorruptNewestCheckpointResumesFromTheEpochBefore(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("resumed");
        Path straight = dir.resolve("straight");
        assertEquals(0, StudyTest.compare(out, with("--epochs", "2")));
        Path checkpoint = Checkpoint.file(out, "XGrad-S1", 1);
        assertTrue(Files.isRegularFile(Checkpoint.previous(checkpoint)), "epoch 1's checkpoint kept");
        Files.write(checkpoint, Arrays.copyOf(Files.readAllBytes(checkpoint), 500)); // truncated
        Console.Captured run = Console.capture(() -> StudyTest.compare(out, "--resume", "--epochs", "3"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("warning: cannot read the checkpoint " + checkpoint)
                && run.err().contains("resuming from the epoch before"), run.err());
        assertEquals(0, StudyTest.compare(straight, with("--epochs", "3")));
        assertEquals(CompareCommandTest.metrics(straight), CompareCommandTest.metrics(out), "one epoch trained again");
    }

    @Test
    void aTruncatedCheckpointWithoutOneBeforeItIsOneLineAndTheStudyIsUntouched(@TempDir Path out)
            throws IOException {
        assertEquals(0, StudyTest.compare(out, with("--epochs", "1")));
        Path checkpoint = Checkpoint.file(out, "XGrad-S1", 1);
        Files.write(checkpoint, Arrays.copyOf(Files.readAllBytes(checkpoint), 500));
        String settings = Files.readString(out.resolve("study.properties"));
        String err = StudyTest.errorOf(out, "--resume", "--epochs", "2");
        assertOneLine(err, "cannot read the checkpoint " + checkpoint);
        assertEquals(settings, Files.readString(out.resolve("study.properties")), "study.properties not rewritten");
    }
}
