package org.xgrad.examples.cli;

import org.xgrad.examples.study.Checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xgrad.zoo.OneDnn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM (what Ctrl-C and a scheduler send) stops a study with a line that says how to continue it. */
class StopTest {

    @Test
    @Timeout(300)
    void sigtermSaysWhereTheStudyStoppedAndHowToResume(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("study");
        Path log = dir.resolve("stderr.txt");
        Path checkpoints = Files.createDirectories(out.resolve(Checkpoint.DIRECTORY)); // watched for the first file
        String java = ProcessHandle.current().info().command().orElse("java");
        String binary = "-D" + OneDnn.BINARY_PROPERTY + "=" + System.getProperty(OneDnn.BINARY_PROPERTY, "");
        Process child = new ProcessBuilder(java, binary, "-cp",
                System.getProperty("java.class.path"), XGradCli.class.getName(), "compare", "--data", "embedded",
                "--train-limit", "1024", "--test-limit", "128", "--batch-size", "64", "--steps", "1", "--epochs", "100",
                "--workers", "1", "--out", out.toString()).redirectError(log.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // the event: the first checkpoint is written (the study has really started), renamed into the watched directory
        Path first = Checkpoint.file(out, "Adam", 1);
        try (WatchService watch = checkpoints.getFileSystem().newWatchService()) {
            checkpoints.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            while (!Files.exists(first) && child.isAlive()) {
                WatchKey key = watch.poll(1, TimeUnit.SECONDS); // the timeout only rechecks that the child lives
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
        assertTrue(child.isAlive(), Files.readString(log, StandardCharsets.UTF_8));
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(err.contains("stopped: the study in " + out.toAbsolutePath() + " keeps every epoch completed so far"),
                err);
        assertTrue(err.contains("continue it with: xgrad compare --out " + out + " --resume"), err);
        try (Stream<Path> files = Files.list(out.resolve(Checkpoint.DIRECTORY))) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".tmp")), "no partial checkpoint left");
        }
        assertEquals(0, XGradCli.execute("compare", "--out", out.toString(), "--resume", "--epochs", "2"),
                "and it resumes with its own settings");
    }

    @Test
    void theMessageNamesTheFirstUnfinishedRun(@TempDir Path out) throws IOException {
        assertEquals(0, StudyTest.compare(out, "--steps", "1", "--epochs", "1"));
        Files.writeString(out.resolve(Checkpoint.DIRECTORY).resolve("x.zip.tmp"), "partial");
        String message = CompareCommand.stopped(out);
        assertTrue(message.contains("every run is complete"), message);
        assertFalse(Files.exists(out.resolve(Checkpoint.DIRECTORY).resolve("x.zip.tmp")));
    }
}
