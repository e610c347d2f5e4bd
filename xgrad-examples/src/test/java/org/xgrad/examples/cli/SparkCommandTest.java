package org.xgrad.examples.cli;

import org.xgrad.testing.Console;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark example job ({@code ./xgrad spark}) end to end in local mode, and its option errors. */
class SparkCommandTest {

    /** @return the exit code, a line break, and what the command printed to standard output ({@code err}: error) */
    private static String run(boolean err, String... args) {
        Console.Captured c = Console.capture(() -> XGradCli.execute(args));
        return c.code() + "\n" + (err ? c.err() : c.out());
    }

    @Test
    void trainsLeNetWithParameterAveragingAndReportsEveryEpoch() {
        String out = run(false, "spark", "--epochs", "2", "--train-limit", "640", "--test-limit", "200",
                "--batch-size", "16", "--averaging-frequency", "2");
        assertTrue(out.startsWith("0\n"), out);
        assertTrue(out.contains("ParameterAveragingTrainingMaster, 2 partitions, batch 16 per worker"), out);
        assertTrue(out.contains("XGrad-S1 (Adam)"), out);
        Matcher epoch = Pattern.compile("epoch (\\d)/2: test loss [0-9.]+, top-1 ([0-9.]+) %").matcher(out);
        double lastTop1 = 0;
        int epochs = 0;
        while (epoch.find()) {
            epochs++;
            lastTop1 = Double.parseDouble(epoch.group(2));
        }
        assertEquals(2, epochs, out);
        // 640 examples, 2 epochs: far from converged, but far above chance (10 %) if the workers learned
        assertTrue(lastTop1 > 30, "top-1 after 2 epochs: " + lastTop1);
    }

    /**
     * DL4J's recommended pipeline: the training set exported once as minibatch files and trained from with
     * {@code fitPaths}; tasks carry file names, so Spark reports no large task. The default run's temporary files are
     * deleted at the end.
     */
    @Test
    void exportOnceThenTrainFromPathsWithSmallTasks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ch.qos.logback.classic.Logger spark = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                "org.apache.spark");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
                new ch.qos.logback.core.read.ListAppender<>();
        warnings.start();
        spark.addAppender(warnings);
        try {
            java.nio.file.Path batches = dir.resolve("batches");
            String out = run(false, "spark", "--epochs", "1", "--train-limit", "640", "--test-limit", "200",
                    "--batch-size", "16", "--export", batches.toString(), "--steps", "0,1");
            assertTrue(out.startsWith("0\n"), out);
            assertTrue(out.contains("per worker); Adam, lr") && out.contains("per worker); XGrad-S1 (Adam), lr"),
                    "--steps 0,1: the base, then XGrad-S1, on the same files: " + out);
            assertEquals(2, out.split("epoch 1/1: test loss", -1).length - 1, out);
            assertEquals(40, SparkCommand.listMinibatchFiles(batches).size(), "640 examples in minibatches of 16");
            assertTrue(out.contains("training from 40 minibatch files in " + batches), out);

            out = run(false, "spark", "--epochs", "2", "--test-limit", "200", "--batch-size", "16", "--train-paths",
                    batches.toString());
            assertTrue(out.startsWith("0\n") && out.contains("epoch 2/2: test loss"), out);
            assertEquals(40, SparkCommand.listMinibatchFiles(batches).size(), "the files are kept");

            out = run(false, "spark", "--epochs", "1", "--train-limit", "320", "--test-limit", "100",
                    "--batch-size", "16");
            Matcher temp = Pattern.compile("training from 20 minibatch files in (\\S+)").matcher(out);
            assertTrue(temp.find(), out);
            assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of(temp.group(1))), "temporary files deleted");
        } finally {
            spark.detachAppender(warnings);
        }
        assertTrue(warnings.list.stream().noneMatch(e -> e.getFormattedMessage().contains("very large size")),
                "no large-task warning: " + warnings.list);
    }

    @Test
    void badOptionsGiveOneClearLine() {
        boolean err = true;
        String text = run(err, "spark", "--training-master", "ring")
                + run(err, "spark", "--partitions", "-1")
                + run(err, "spark", "--master", "spark://192.0.2.1:7077")
                + run(err, "spark", "--export", "a", "--train-paths", "b")
                + run(err, "spark", "--train-paths", "/nonexistent-xgrad-dir");
        assertTrue(text.contains("--training-master must be 'averaging' or 'shared', got 'ring'"), text);
        assertTrue(text.contains("--partitions must be >= 0"), text);
        assertTrue(text.contains("executors cannot reach a driver bound to SPARK_LOCAL_IP=127.0.0.1"), text);
        assertTrue(!text.contains("\tat "), "no stack trace: " + text);
        assertTrue(text.contains("--export and --train-paths: give one of them"), text);
        assertTrue(text.contains("--train-paths /nonexistent-xgrad-dir is not a directory of minibatch files"), text);
        assertEquals(5, text.lines().filter(l -> l.equals("2")).count(), "exit code 2 each: " + text);
    }
}
