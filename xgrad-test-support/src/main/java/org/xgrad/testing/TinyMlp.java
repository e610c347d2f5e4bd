package org.xgrad.testing;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The small network the tests train: 4 inputs, a tanh hidden layer of 5, a softmax output of 3 with multi-class
 * cross-entropy, {@code DataType.DOUBLE}, seed 123; as a MultiLayerNetwork or a two-layer ComputationGraph, and its
 * random batches.
 */
public final class TinyMlp {

    public static final int IN = 4;
    public static final int HIDDEN = 5;
    public static final int OUT = 3;
    /** Parameters: per layer W (nIn×nOut) then b. */
    public static final int N = IN * HIDDEN + HIDDEN + HIDDEN * OUT + OUT;

    private TinyMlp() {
    }

    public static NeuralNetConfiguration.Builder base(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(123).dataType(DataType.DOUBLE).updater(updater);
    }

    public static DenseLayer hidden() { return hidden(HIDDEN); }

    public static DenseLayer hidden(int width) {
        return new DenseLayer.Builder().nIn(IN).nOut(width).activation(Activation.TANH).build();
    }

    public static OutputLayer output() { return output(HIDDEN); }

    public static OutputLayer output(int hidden) {
        return new OutputLayer.Builder().nIn(hidden).nOut(OUT).activation(Activation.SOFTMAX)
                .lossFunction(LossFunctions.LossFunction.MCXENT).build();
    }

    public static MultiLayerConfiguration configuration(IUpdater updater) { return configuration(updater, HIDDEN); }

    /** @param hidden the width of the hidden layer */
    public static MultiLayerConfiguration configuration(IUpdater updater, int hidden) {
        return base(updater).list().layer(hidden(hidden)).layer(output(hidden)).build();
    }

    /** The same layers as a ComputationGraph: input "in", vertices "hidden" and "out". */
    public static ComputationGraphConfiguration graph(IUpdater updater, int hidden) {
        return base(updater).graphBuilder().addInputs("in").addLayer("hidden", hidden(hidden), "in")
                .addLayer("out", output(hidden), "hidden").setOutputs("out").build();
    }

    public static MultiLayerNetwork network(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(updater));
        net.init();
        return net;
    }

    /**
     * Random batches: Gaussian features, one-hot labels; with {@code separation} > 0 the features of class c are
     * shifted by it where {@code feature % OUT == c} (blobs a network learns within a few dozen steps).
     */
    public static List<DataSet> batches(int count, int batchSize, long seed, double separation) {
        Random random = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            double[][] x = new double[batchSize][IN];
            double[][] y = new double[batchSize][OUT];
            for (int i = 0; i < batchSize; i++) {
                int label = separation > 0 ? random.nextInt(OUT) : -1;
                for (int j = 0; j < IN; j++) {
                    x[i][j] = random.nextGaussian() + (j % OUT == label ? separation : 0.0);
                }
                y[i][label >= 0 ? label : random.nextInt(OUT)] = 1;
            }
            out.add(new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        }
        return out;
    }
}
