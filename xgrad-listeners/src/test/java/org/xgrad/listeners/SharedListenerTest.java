package org.xgrad.listeners;

import org.xgrad.testing.Diff;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.UpdaterCases;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One listener instance on several networks (ParallelWrapper gives every replica the same listener objects; Spark
 * workers in one JVM get serialized copies): each network follows its own Algorithm 1 trajectory.
 */
class SharedListenerTest {

    private static final UpdaterCases.Case ADAM = UpdaterCases.all().stream()
            .filter(c -> c.name().equals("XAdam")).findFirst().orElseThrow();
    private static final int STEPS = 2;
    private static final int ITERATIONS = 25;

    private static double[] reference(MultiLayerNetwork net, List<DataSet> batches) {
        AlgorithmOne<DataSet> reference = new AlgorithmOne<>(ADAM.reference().apply(ReferenceMlp.N), STEPS,
                ADAM.learningRate(), net.params().toDoubleVector());
        for (int t = 0; t < batches.size(); t++) {
            reference.iterate(t, batches.get(t), ReferenceMlp::gradient);
        }
        return reference.theta;
    }

    @Test
    void oneListenerOnTwoNetworksTrainedConcurrently() throws Exception {
        WeightPredictionListener shared = new WeightPredictionListener();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] runs = new Future<?>[2];
            for (int r = 0; r < 2; r++) {
                long seed = 40 + r;
                runs[r] = pool.submit(() -> {
                    MultiLayerNetwork net = ReferenceMlp.network(ADAM.withSteps(STEPS));
                    net.setListeners(shared);
                    List<DataSet> batches = ReferenceMlp.batches(ITERATIONS, 6, seed);
                    double[] expected = reference(net, batches);
                    for (DataSet b : batches) {
                        net.fit(b);
                    }
                    double diff = Diff.maxAbs(expected, net.params());
                    assertTrue(diff < 1e-10, "network " + seed + " vs its own Algorithm 1: " + diff);
                    return null;
                });
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2L * (ITERATIONS - 1), shared.getPredictedIterations(), "every iteration but each first");
        assertEquals(2L * ReferenceMlp.N * 8, shared.getCacheBytes(), "one θ cache per network (DOUBLE)");
    }

    @Test
    void serializedCopyStartsUninstalledAndPredicts() throws Exception {
        WeightPredictionListener original = new WeightPredictionListener();
        MultiLayerNetwork first = ReferenceMlp.network(ADAM.withSteps(STEPS));
        first.setListeners(original);
        List<DataSet> batches = ReferenceMlp.batches(ITERATIONS, 6, 7);
        first.fit(batches.get(0));
        first.fit(batches.get(1));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        WeightPredictionListener copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (WeightPredictionListener) in.readObject();
        }
        assertEquals(0, copy.getPredictedIterations());
        assertEquals(0, copy.getCacheBytes());

        MultiLayerNetwork net = ReferenceMlp.network(ADAM.withSteps(STEPS));
        net.setListeners(copy);
        double[] expected = reference(net, batches);
        for (DataSet b : batches) {
            net.fit(b);
        }
        assertTrue(Diff.maxAbs(expected, net.params()) < 1e-10);
        assertEquals(ITERATIONS - 1, copy.getPredictedIterations());
        assertEquals(1, original.getPredictedIterations(), "the original counts its own network only");
    }
}
