package org.xgrad.listeners;

import org.xgrad.testing.Diff;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.xgrad.updaters.PredictionMode;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning with an X-updater through DL4J's transfer-learning builders: the frozen hidden layer never moves, the
 * output layer follows Algorithm 1 (the plain-Java reference with the frozen layer's gradient zero), in both modes,
 * for a MultiLayerNetwork ({@code TransferLearning.Builder}) and a ComputationGraph ({@code GraphBuilder}).
 */
class TransferLearningTest {

    static final int ITERATIONS = 25;
    static final int FROZEN = ReferenceMlp.IN * ReferenceMlp.HIDDEN + ReferenceMlp.HIDDEN;

    /** A "pretrained" network: trained a little with plain SGD. */
    static MultiLayerNetwork pretrained() {
        MultiLayerNetwork net = ReferenceMlp.network(new Sgd(0.1));
        for (DataSet b : ReferenceMlp.batches(10, 6, 73)) {
            net.fit(b);
        }
        return net;
    }

    static final org.xgrad.updaters.UpdaterCases.Case ADAM = org.xgrad.updaters.UpdaterCases.all().stream()
            .filter(c -> c.name().equals("XAdam")).findFirst().orElseThrow();

    static FineTuneConfiguration fineTune() {
        return new FineTuneConfiguration.Builder().updater(ADAM.withSteps(2)).seed(7).build();
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void multiLayerNetworkFineTunesWithAFrozenFeatureExtractor(PredictionMode mode) {
        MultiLayerNetwork tuned = new TransferLearning.Builder(pretrained()).fineTuneConfiguration(fineTune())
                .setFeatureExtractor(0).build();
        followsAlgorithmOne(tuned, mode, tuned::fit);
    }

    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void computationGraphFineTunesWithAFrozenFeatureExtractor(PredictionMode mode) {
        ComputationGraph graph = pretrained().toComputationGraph();
        ComputationGraph tuned = new TransferLearning.GraphBuilder(graph).fineTuneConfiguration(fineTune())
                .setFeatureExtractor("0").build()
                // toComputationGraph() and GraphBuilder.build() leave the graph's data type at FLOAT (DL4J 1.0.0-M2.1)
                .convertDataType(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        followsAlgorithmOne(tuned, mode, tuned::fit);
    }

    private static void followsAlgorithmOne(org.deeplearning4j.nn.api.Model tuned, PredictionMode mode,
                                            java.util.function.Consumer<DataSet> fit) {
        Modes.prepare(mode, tuned);
        double[] theta0 = tuned.params().toDoubleVector();
        AlgorithmOne<DataSet> reference = new AlgorithmOne<>(ADAM.reference().apply(ReferenceMlp.N), 2,
                ADAM.learningRate(), theta0);
        List<DataSet> batches = ReferenceMlp.batches(ITERATIONS, 6, 79);
        double max = 0;
        int t = NetworkAccess.iteration(tuned); // the fine-tuned network carries the pretrained one's count
        for (DataSet b : batches) {
            reference.iterate(t++, b, (theta, batch) -> {
                double[] g = ReferenceMlp.gradient(theta, batch);
                Arrays.fill(g, 0, FROZEN, 0); // the frozen layer gets no update
                return g;
            });
            fit.accept(b);
            INDArray trueParams = Modes.trueParams(mode, tuned);
            max = Math.max(max, Diff.maxAbs(reference.theta, trueParams));
            assertArrayEquals(Arrays.copyOf(theta0, FROZEN), Arrays.copyOf(tuned.params().toDoubleVector(), FROZEN),
                    0.0, "the frozen layer never moves, not even to θ̂");
        }
        assertTrue(max <= 1e-10, mode + ": max |Δθ| = " + max);
        assertTrue(Diff.maxAbs(theta0, tuned.params()) > 1e-3, "the output layer trained");
    }
}
