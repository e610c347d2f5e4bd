package org.xgrad.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark example job ({@code ./xgrad spark}) end to end in local mode, and its option errors. */
class SparkCommandTest {

    private static String run(PrintStream[] target, String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = target == null ? System.out : System.err;
        PrintStream stream = new PrintStream(captured, true, StandardCharsets.UTF_8);
        if (target == null) {
            System.setOut(stream);
        } else {
            System.setErr(stream);
        }
        try {
            int code = XGradCli.execute(args);
            return code + "\n" + captured.toString(StandardCharsets.UTF_8);
        } finally {
            if (target == null) {
                System.setOut(original);
            } else {
                System.setErr(original);
            }
        }
    }

    @Test
    void trainsLeNetWithParameterAveragingAndReportsEveryEpoch() {
        String out = run(null, "spark", "--epochs", "2", "--train-limit", "640", "--test-limit", "200",
                "--batch-size", "16", "--averaging-frequency", "2");
        assertTrue(out.startsWith("0\n"), out);
        assertTrue(out.contains("ParameterAveragingTrainingMaster, 2 workers, batch 16 per worker"), out);
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

    @Test
    void badOptionsGiveOneClearLine() {
        PrintStream[] err = {System.err};
        String text = run(err, "spark", "--training-master", "ring")
                + run(err, "spark", "--workers", "-1")
                + run(err, "spark", "--master", "spark://192.0.2.1:7077");
        assertTrue(text.contains("--training-master must be 'averaging' or 'shared', got 'ring'"), text);
        assertTrue(text.contains("--workers must be >= 0"), text);
        assertTrue(text.contains("executors cannot reach a driver bound to SPARK_LOCAL_IP=127.0.0.1"), text);
        assertTrue(!text.contains("\tat "), "no stack trace: " + text);
        assertEquals(3, text.lines().filter(l -> l.equals("2")).count(), "exit code 2 each: " + text);
    }
}
