package org.xgrad.listeners;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A two-layer perceptron (tanh hidden layer, softmax output, multi-class cross-entropy) in plain Java, double
 * precision, with its own forward and backward pass, on DL4J's flat parameter layout: per layer W (nIn×nOut,
 * column-major) then b. {@link #network(IUpdater)} builds the same network in DL4J ({@code DataType.DOUBLE}).
 */
final class ReferenceMlp {

    static final int IN = 4;
    static final int HIDDEN = 5;
    static final int OUT = 3;
    static final int N = IN * HIDDEN + HIDDEN + HIDDEN * OUT + OUT;

    private ReferenceMlp() {
    }

    static MultiLayerConfiguration configuration(IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(123).dataType(DataType.DOUBLE).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder().nIn(HIDDEN).nOut(OUT).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .build();
    }

    static MultiLayerNetwork network(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(updater));
        net.init();
        return net;
    }

    /** Random batches: Gaussian features, one-hot labels. */
    static List<DataSet> batches(int count, int batchSize, long seed) {
        Random random = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            double[][] x = new double[batchSize][IN];
            double[][] y = new double[batchSize][OUT];
            for (int i = 0; i < batchSize; i++) {
                for (int j = 0; j < IN; j++) {
                    x[i][j] = random.nextGaussian();
                }
                y[i][random.nextInt(OUT)] = 1;
            }
            out.add(new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        }
        return out;
    }

    /** Gradient of the mean cross-entropy at the flat parameters {@code theta}, for one batch. */
    static double[] gradient(double[] theta, DataSet batch) {
        double[][] x = batch.getFeatures().toDoubleMatrix();
        double[][] y = batch.getLabels().toDoubleMatrix();
        int b = x.length;
        int w0 = 0;
        int b0 = IN * HIDDEN;
        int w1 = b0 + HIDDEN;
        int b1 = w1 + HIDDEN * OUT;
        double[] g = new double[N];
        for (int n = 0; n < b; n++) {
            double[] h = new double[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                double a = theta[b0 + j];
                for (int i = 0; i < IN; i++) {
                    a += x[n][i] * theta[w0 + i + j * IN];
                }
                h[j] = Math.tanh(a);
            }
            double[] z = new double[OUT];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < OUT; k++) {
                z[k] = theta[b1 + k];
                for (int j = 0; j < HIDDEN; j++) {
                    z[k] += h[j] * theta[w1 + j + k * HIDDEN];
                }
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (int k = 0; k < OUT; k++) {
                z[k] = Math.exp(z[k] - max);
                sum += z[k];
            }
            double[] dz = new double[OUT];
            for (int k = 0; k < OUT; k++) {
                dz[k] = (z[k] / sum - y[n][k]) / b;
                g[b1 + k] += dz[k];
                for (int j = 0; j < HIDDEN; j++) {
                    g[w1 + j + k * HIDDEN] += h[j] * dz[k];
                }
            }
            for (int j = 0; j < HIDDEN; j++) {
                double dh = 0;
                for (int k = 0; k < OUT; k++) {
                    dh += dz[k] * theta[w1 + j + k * HIDDEN];
                }
                double da = dh * (1 - h[j] * h[j]);
                g[b0 + j] += da;
                for (int i = 0; i < IN; i++) {
                    g[w0 + i + j * IN] += x[n][i] * da;
                }
            }
        }
        return g;
    }

    static double maxAbsDiff(double[] expected, INDArray actual) {
        double[] a = actual.reshape(actual.length()).toDoubleVector();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - a[i]));
        }
        return max;
    }
}
