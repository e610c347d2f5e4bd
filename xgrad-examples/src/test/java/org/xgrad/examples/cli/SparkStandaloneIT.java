package org.xgrad.examples.cli;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spark-standalone.sh}: the Spark job on a standalone master and worker started on loopback from the project's
 * jars, both training masters. Not in the default build: {@code mvn -B verify -Pspark-standalone} (after packaging).
 */
class SparkStandaloneIT {

    @ParameterizedTest
    @ValueSource(strings = {"averaging", "shared"})
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void theJobTrainsOnAStandaloneCluster(String trainingMaster) throws Exception {
        File root = new File(System.getProperty("user.dir")).getParentFile();
        Process script = new ProcessBuilder(new File(root, "xgrad-examples/spark-standalone.sh").getPath(),
                "--training-master", trainingMaster, "--train-limit", "640", "--test-limit", "200", "--epochs", "1",
                "--batch-size", "16").directory(root).redirectErrorStream(true).start();
        String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(script.waitFor(540, TimeUnit.SECONDS), out);
        System.out.println(out);
        assertEquals(0, script.exitValue(), out);
        assertTrue(out.contains("Spark standalone master spark://127.0.0.1:"), out);
        assertTrue(out.contains("training from 40 minibatch files"), out);
        java.util.regex.Matcher top1 = java.util.regex.Pattern.compile("epoch 1/1: test loss [0-9.]+, top-1 ([0-9.]+) %")
                .matcher(out);
        assertTrue(top1.find(), out);
        assertTrue(Double.parseDouble(top1.group(1)) > 30, "above chance: " + out);
    }
}
