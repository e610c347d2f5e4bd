package org.xgrad.zoo;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.xgrad.updaters.XAdam;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ViT and GNMT as whole networks: backpropagation, saving and restoring, and GNMT learning to translate. */
class SequenceModelsTest {

    /** A parallel corpus of a made-up language pair: the target is the source reversed, each token shifted by one. */
    static List<List<int[]>> corpus(int pairs, int vocabulary, int maxLength, long seed) {
        Random random = new Random(seed);
        List<int[]> sources = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        int words = vocabulary - 4;
        for (int i = 0; i < pairs; i++) {
            int length = 2 + random.nextInt(maxLength - 1);
            int[] source = new int[length];
            int[] target = new int[length];
            for (int j = 0; j < length; j++) {
                source[j] = 4 + random.nextInt(words);
            }
            for (int j = 0; j < length; j++) {
                target[j] = 4 + (source[length - 1 - j] - 4 + 1) % words;
            }
            sources.add(source);
            targets.add(target);
        }
        return List.of(sources, targets);
    }

    @Test
    void gnmtBatchIsTeacherForcingLayout() {
        Gnmt gnmt = new Gnmt(12, 4, 2, 5);
        MultiDataSet b = gnmt.batch(List.of(new int[] {4, 5, 6}, new int[] {7, 8, 9, 10, 11}),
                List.of(new int[] {9, 8}, new int[] {5, 6, 7, 8, 9, 10}), DataType.FLOAT);
        assertArrayEquals(new double[] {4, 5, 6, Gnmt.EOS, Gnmt.PAD}, row(b.getFeatures(0), 0));
        assertArrayEquals(new double[] {7, 8, 9, 10, 11}, row(b.getFeatures(0), 1), "cut to length, no EOS");
        assertArrayEquals(new double[] {Gnmt.BOS, 9, 8, Gnmt.PAD, Gnmt.PAD}, row(b.getFeatures(1), 0));
        assertArrayEquals(new double[] {9, 8, Gnmt.EOS, Gnmt.PAD, Gnmt.PAD}, row(b.getLabels(0), 0));
        assertArrayEquals(new double[] {Gnmt.BOS, 5, 6, 7, 8}, row(b.getFeatures(1), 1));
        assertArrayEquals(new double[] {5, 6, 7, 8, 9}, row(b.getLabels(0), 1));
        assertArrayEquals(new double[] {1, 1, 1, 1, 0}, b.getFeaturesMaskArray(0).getRow(0).toDoubleVector());
        assertArrayEquals(new double[] {1, 1, 1, 0, 0}, b.getFeaturesMaskArray(1).getRow(0).toDoubleVector());
        assertEquals(b.getFeaturesMaskArray(1), b.getLabelsMaskArray(0));
    }

    private static double[] row(INDArray tokens, int b) {
        return tokens.slice(b).reshape(tokens.size(2)).toDoubleVector();
    }

    /**
     * Teacher forcing with XAdam and weight prediction on 32 generated sentence pairs: the loss falls to under a
     * tenth and the decoder predicts at least 90 % of the target tokens (a model that ignored the source or the
     * attention could not: the target is the source reversed).
     */
    @Test
    void gnmtLearnsAGeneratedParallelCorpus() {
        Gnmt gnmt = new Gnmt(20, 32, 4, 9);
        ComputationGraph graph = XGradZoo.init(gnmt, new XAdam(1e-2, 1));
        List<List<int[]>> pairs = corpus(32, 20, 7, 1);
        MultiDataSet batch = gnmt.batch(pairs.get(0), pairs.get(1), DataType.FLOAT);
        graph.fit(batch);
        double first = graph.score();
        for (int i = 0; i < 299; i++) {
            graph.fit(batch);
        }
        double accuracy = tokenAccuracy(graph, batch);
        System.out.printf("GNMT generated corpus: loss %.3f -> %.3f, token accuracy %.3f%n", first, graph.score(),
                accuracy);
        assertTrue(graph.score() < first / 10, "loss " + first + " -> " + graph.score());
        assertTrue(accuracy >= 0.9, "token accuracy " + accuracy);
        assertEquals(299, XGradZooTest.listener(graph).getPredictedIterations());
    }

    /** Share of unmasked target steps whose most probable token is the label. */
    static double tokenAccuracy(ComputationGraph graph, MultiDataSet batch) {
        INDArray out = graph.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), null)[0];
        INDArray labels = batch.getLabels(0);
        INDArray mask = batch.getLabelsMaskArray(0);
        int right = 0;
        int total = 0;
        for (int b = 0; b < labels.size(0); b++) {
            for (int t = 0; t < labels.size(2); t++) {
                if (mask.getDouble(b, t) > 0) {
                    total++;
                    INDArray probabilities = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                            org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t));
                    right += probabilities.argMax().getInt(0) == labels.getInt(b, 0, t) ? 1 : 0;
                }
            }
        }
        return (double) right / total;
    }

    /** Backpropagation through the SameDiff layers and vertex against finite differences (DOUBLE). */
    @Test
    void gradientsMatchFiniteDifferences() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            Vit vit = new Vit(new int[] {3, 4, 4}, 3).patch(2).size(6, 2, 2, 3, 5).dropout(0, 0);
            ComputationGraph v = vit.updater(new NoOp()).dataType(DataType.DOUBLE).init();
            Nd4j.getRandom().setSeed(2);
            INDArray images = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4);
            INDArray classes = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 0, 1}});
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(v)
                    .inputs(new INDArray[] {images}).labels(new INDArray[] {classes})), "ViT");

            Gnmt gnmt = new Gnmt(7, 4, 3, 4).dropout(0);
            ComputationGraph g = gnmt.updater(new NoOp()).dataType(DataType.DOUBLE).init();
            MultiDataSet b = gnmt.batch(List.of(new int[] {4, 5}, new int[] {6, 5, 4}),
                    List.of(new int[] {6}, new int[] {4, 4}), DataType.DOUBLE);
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(b.getFeatures()).labels(b.getLabels()).inputMask(b.getFeaturesMaskArrays())
                    .labelMask(b.getLabelsMaskArrays())), "GNMT");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /**
     * A second backward pass at the same weights gives the same gradients as the first (DL4J's own SameDiff vertex
     * passes stale input gradients down from its second call on).
     */
    @Test
    void backpropagationIsTheSameOnEveryCall() {
        Vit vit = ZooModels.lightVit().dropout(0, 0);
        Gnmt gnmt = ZooModels.lightGnmt().dropout(0);
        List<List<int[]>> pairs = corpus(4, 24, 6, 5);
        ComputationGraph vitGraph = vit.updater(new NoOp()).init();
        ComputationGraph gnmtGraph = gnmt.updater(new NoOp()).init();
        Object[][] cases = {
                {vitGraph, ZooModels.batch(vit, vitGraph)},
                {gnmtGraph, gnmt.batch(pairs.get(0), pairs.get(1), DataType.FLOAT)}};
        for (Object[] c : cases) {
            ComputationGraph graph = (ComputationGraph) c[0];
            MultiDataSet batch = (MultiDataSet) c[1];
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
            graph.computeGradientAndScore();
            INDArray first = graph.gradient().gradient().dup();
            graph.computeGradientAndScore();
            assertEquals(0, first.sub(graph.gradient().gradient()).amaxNumber().doubleValue(),
                    graph.getConfiguration().getNetworkOutputs().toString());
            assertTrue(first.amaxNumber().doubleValue() > 0);
        }
    }

    /** The custom layers and vertex survive DL4J's JSON: a restored network computes and trains identically. */
    @Test
    void savedAndRestoredNetworksTrainIdentically(@TempDir File dir) throws IOException {
        Vit vit = ZooModels.lightVit().dropout(0, 0);
        Gnmt gnmt = ZooModels.lightGnmt().dropout(0);
        List<List<int[]>> pairs = corpus(4, 24, 6, 3);
        ComputationGraph vitGraph = vit.updater(new Adam(1e-3)).init();
        Object[][] cases = {
                {vitGraph, ZooModels.batch(vit, vitGraph)},
                {gnmt.updater(new Adam(1e-3)).init(), gnmt.batch(pairs.get(0), pairs.get(1), DataType.FLOAT)}};
        for (Object[] c : cases) {
            ComputationGraph original = (ComputationGraph) c[0];
            MultiDataSet batch = (MultiDataSet) c[1];
            original.fit(batch);
            File file = new File(dir, original.getConfiguration().getVertices().size() + ".zip");
            ModelSerializer.writeModel(original, file, true);
            ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
            assertEquals(original.getConfiguration().toJson(), restored.getConfiguration().toJson());
            original.fit(batch);
            restored.fit(batch);
            assertEquals(original.params(), restored.params());
        }
    }
}
