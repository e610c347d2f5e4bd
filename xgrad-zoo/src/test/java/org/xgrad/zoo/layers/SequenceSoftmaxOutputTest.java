package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.xgrad.testing.Diff;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The language models' output layer against DL4J's own {@link RnnOutputLayer} with softmax + MCXENT (DOUBLE, same
 * parameters): identical probabilities; score and every parameter's gradient (output, LSTM and embedding, so the
 * error it sends back is right too) those of DL4J's layer divided by T, the mean per word instead of DL4J's sum over
 * the steps per sequence; the same with one-hot labels; a plain-Java cross-entropy of the probabilities; L2 added as
 * DL4J adds it; bad labels refused by name.
 */
class SequenceSoftmaxOutputTest {

    private static final int VOCABULARY = 13;
    private static final int BATCH = 3;
    private static final int STEPS = 5;
    private static final double TOLERANCE = 1e-12;

    private static MultiLayerNetwork network(Layer output, double l2) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1));
        if (l2 > 0) {
            base.l2(l2).l2Bias(l2);
        }
        MultiLayerConfiguration conf = base.list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(VOCABULARY).nOut(4).build())
                .layer(new LSTM.Builder().nIn(4).nOut(6).activation(Activation.TANH).dataFormat(RNNFormat.NCW).build())
                .layer(output).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork stock(double l2) {
        return network(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(VOCABULARY)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), l2);
    }

    private static MultiLayerNetwork ours(MultiLayerNetwork like) {
        MultiLayerNetwork net = network(new SequenceSoftmaxOutput(6, VOCABULARY), 0);
        net.setParams(like.params().dup());
        return net;
    }

    private static final Random RANDOM = new Random(11);
    private static final int[][] WORDS = new int[BATCH][STEPS + 1];

    static {
        for (int[] row : WORDS) {
            for (int t = 0; t <= STEPS; t++) {
                row[t] = RANDOM.nextInt(VOCABULARY);
            }
        }
    }

    private static INDArray features() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, BATCH, 1, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                x.putScalar(b, 0, t, WORDS[b][t]);
            }
        }
        return x;
    }

    private static INDArray indexLabels() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, 1, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                y.putScalar(b, 0, t, WORDS[b][t + 1]);
            }
        }
        return y;
    }

    private static INDArray oneHotLabels() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, BATCH, VOCABULARY, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                y.putScalar(b, WORDS[b][t + 1], t, 1);
            }
        }
        return y;
    }

    /** Score and gradient of one backward pass, by parameter name. */
    private static Map<String, INDArray> gradient(MultiLayerNetwork net, INDArray labels) {
        net.setInput(features());
        net.setLabels(labels);
        net.computeGradientAndScore();
        return net.gradient().gradientForVariable();
    }

    @Test
    void probabilitiesAreDl4jsAndScoreAndGradientsItsDividedByTheSteps() {
        MultiLayerNetwork stock = stock(0);
        MultiLayerNetwork ours = ours(stock);
        Diff.assertClose(stock.output(features()).dup().data().asDouble(), ours.output(features()).dup(), TOLERANCE,
                "probabilities [batch, V, T]");

        Map<String, INDArray> expected = gradient(stock, oneHotLabels());
        double stockScore = stock.score();
        for (INDArray labels : new INDArray[] {indexLabels(), oneHotLabels()}) {
            Map<String, INDArray> actual = gradient(ours, labels);
            assertEquals(stockScore / STEPS, ours.score(), TOLERANCE, "mean cross-entropy per word");
            assertEquals(expected.keySet(), actual.keySet());
            for (String name : expected.keySet()) {
                Diff.assertClose(expected.get(name).div(STEPS).dup().data().asDouble(), actual.get(name).dup(),
                        TOLERANCE, "gradient of " + name + " (labels " + labels.size(1) + " wide)");
            }
        }
    }

    @Test
    void scoreIsThePlainMeanCrossEntropyAndScoresPerSequenceItsParts() {
        MultiLayerNetwork ours = ours(stock(0));
        INDArray p = ours.output(features());
        double sum = 0;
        double[] perSequence = new double[BATCH];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                double ce = -Math.log(p.getDouble(b, WORDS[b][t + 1], t));
                sum += ce;
                perSequence[b] += ce / STEPS;
            }
        }
        ours.setInput(features());
        ours.setLabels(indexLabels());
        ours.computeGradientAndScore();
        assertEquals(sum / (BATCH * STEPS), ours.score(), TOLERANCE);
        org.nd4j.linalg.dataset.DataSet data = new org.nd4j.linalg.dataset.DataSet(features(), indexLabels());
        assertEquals(sum / (BATCH * STEPS), ours.score(data), TOLERANCE, "score without a backward pass first");
        Diff.assertClose(perSequence, ours.scoreExamples(data, false), TOLERANCE, "scores per sequence");
    }

    @Test
    void l2IsAddedToTheScoreAsDl4jAddsIt() {
        double l2 = 0.05;
        MultiLayerNetwork stock = stock(l2);
        MultiLayerNetwork ours = network(new SequenceSoftmaxOutput(6, VOCABULARY), l2);
        ours.setParams(stock.params().dup());
        MultiLayerNetwork plain = ours(stock);
        gradient(stock, oneHotLabels());
        gradient(ours, indexLabels());
        gradient(plain, indexLabels());
        double reg = 0.5 * l2 * stock.params().norm2Number().doubleValue() * stock.params().norm2Number().doubleValue();
        assertEquals(plain.score() + reg, ours.score(), 1e-10, "mean cross-entropy + λ/2·‖θ‖²");
        assertTrue(reg > 0.01, "the penalty is visible");
    }

    @Test
    void trainsAndLoadsBackFromAFile(@TempDir Path dir) throws Exception {
        MultiLayerNetwork ours = ours(stock(0));
        double before = ours.score(new org.nd4j.linalg.dataset.DataSet(features(), indexLabels()));
        for (int i = 0; i < 20; i++) {
            ours.fit(features(), indexLabels());
        }
        double after = ours.score(new org.nd4j.linalg.dataset.DataSet(features(), indexLabels()));
        assertTrue(after < before, "SGD lowers the loss: " + before + " → " + after);
        File file = dir.resolve("lm.zip").toFile();
        ModelSerializer.writeModel(ours, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
        Diff.assertIdentical(ours.output(features()), back.output(features()), "output after save and load");
    }

    @Test
    void badLabelsAreRefusedByName() {
        MultiLayerNetwork ours = ours(stock(0));
        INDArray outOfRange = indexLabels().putScalar(1, 0, 2, VOCABULARY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ours.fit(features(), outOfRange));
        assertTrue(e.getMessage().contains("label 13.0 at position 7 is not a word index in [0, 13)"), e.getMessage());
        INDArray wrongShape = Nd4j.zeros(DataType.DOUBLE, BATCH, 2, STEPS);
        e = assertThrows(IllegalArgumentException.class, () -> ours.fit(features(), wrongShape));
        assertTrue(e.getMessage().contains("labels must be word indices [3, 1, 5] or one-hot [3, 13, 5], got [3, 2, 5]"),
                e.getMessage());
    }
}
