package org.xgrad.listeners;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.PredictionMode;
import org.xgrad.updaters.XAdam;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training process with DL4J's CheckpointListener is killed with SIGKILL at a random point; the last complete
 * checkpoint, restored and trained on, gives exactly the uninterrupted run, in both modes. In listener mode every
 * checkpoint file holds θ; in updater-only mode it holds θ̂ and the applied prediction in its updater state, from which
 * θ is exact.
 */
class KillAndResumeTest {

    static final int BATCHES = 150;
    private static final String BINARY = "org.bytedeco.javacpp.platform.extension";
    static final long SEED = 107;

    /**
     * The process that is killed: trains with a checkpoint after every iteration, and after each one waits for the
     * test's go-ahead on standard input, so the kill lands after the iteration the test chose, however loaded the
     * machine is.
     */
    public static void main(String[] args) throws Exception {
        BufferedReader goAhead = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        File dir = new File(args[0]);
        PredictionMode mode = PredictionMode.valueOf(args[1]);
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 2));
        Modes.prepare(mode, net);
        net.addListeners(new CheckpointListener.Builder(dir).saveEveryNIterations(1).keepLast(3).build());
        System.out.println("READY");
        System.out.flush();
        int iteration = 0;
        for (DataSet b : ReferenceMlp.batches(BATCHES, 6, SEED)) {
            net.fit(b); // its checkpoint is written by the time fit returns
            System.out.println("FITTED " + iteration++);
            System.out.flush();
            if (goAhead.readLine() == null) {
                return; // the test is gone
            }
        }
        System.out.println("DONE");
    }

    /**
     * DL4J's CheckpointListener saves in {@code iterationDone}, before DL4J counts the iteration: the file has had
     * {@code iteration + 1} updates but records {@code iteration}. The count is set right, as the uninterrupted run has
     * it (bias corrections, and updater-only mode's θ, depend on it; stock Adam resumes off by one step otherwise).
     */
    static MultiLayerNetwork load(File dir, Checkpoint c) {
        MultiLayerNetwork net = CheckpointListener.loadCheckpointMLN(dir, c);
        net.getLayerWiseConfigurations().setIterationCount(c.getIteration() + 1);
        return net;
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    @Timeout(180)
    void killedRunResumesFromItsLastCheckpointExactly(PredictionMode mode, @TempDir File dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the same nd4j-native binary as this JVM: the exact comparison below is bit for bit
        String binary = "-D" + BINARY + "=" + System.getProperty(BINARY, "");
        Process child = new ProcessBuilder(java, binary, "-cp", System.getProperty("java.class.path"),
                KillAndResumeTest.class.getName(), dir.getPath(), mode.name()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintStream goAhead = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
        // killed right after it reports iteration k done (its checkpoint written): it waits for a go-ahead after each
        // iteration, and gets none after k
        String killAfter = "FITTED " + (3 + new Random().nextInt(BATCHES / 2));
        for (String line = out.readLine(); line != null && !line.equals(killAfter); line = out.readLine()) {
            if (line.startsWith("FITTED ")) {
                goAhead.println("go");
            }
        }
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        // the uninterrupted run, θ after every update
        List<DataSet> batches = ReferenceMlp.batches(BATCHES, 6, SEED);
        MultiLayerNetwork reference = ReferenceMlp.network(new XAdam(0.01, 2));
        Modes.prepare(mode, reference);
        List<double[]> thetaAfter = new ArrayList<>();
        for (DataSet b : batches) {
            reference.fit(b);
            thetaAfter.add(Modes.trueParams(mode, reference).toDoubleVector());
        }

        List<Checkpoint> checkpoints = CheckpointListener.availableCheckpoints(dir);
        assertFalse(checkpoints.isEmpty(), "the run was killed after its first checkpoints");
        Checkpoint last = checkpoints.get(checkpoints.size() - 1);
        assertTrue(last.getIteration() < BATCHES - 1, "killed before the end: " + last);
        for (Checkpoint c : checkpoints) {
            MultiLayerNetwork saved = load(dir, c);
            double[] expected = thetaAfter.get(c.getIteration());
            if (mode == PredictionMode.LISTENER) {
                assertArrayEquals(expected, saved.params().toDoubleVector(), 0.0, "checkpoint " + c + " holds θ");
            }
            assertArrayEquals(expected, XGrad.trueParams(saved).toDoubleVector(), 0.0, "θ of checkpoint " + c);
        }

        MultiLayerNetwork resumed = load(dir, last);
        Modes.prepare(mode, resumed);
        for (int t = last.getIteration() + 1; t < BATCHES; t++) {
            resumed.fit(batches.get(t));
        }
        assertArrayEquals(thetaAfter.get(BATCHES - 1), Modes.trueParams(mode, resumed).toDoubleVector(), 0.0,
                mode + ": resumed from iteration " + last.getIteration());
        System.out.printf("KILL %-12s killed after checkpoint %d (iteration %d), %d files kept; resumed = "
                + "uninterrupted exactly%n", mode, last.getCheckpointNum(), last.getIteration(), checkpoints.size());
    }
}
