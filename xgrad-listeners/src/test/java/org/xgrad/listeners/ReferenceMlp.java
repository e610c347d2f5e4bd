package org.xgrad.listeners;

import org.xgrad.testing.TinyMlp;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;
import java.util.Random;

/**
 * A two-layer perceptron (tanh hidden layer, softmax output, multi-class cross-entropy) in plain Java, double
 * precision, with its own forward and backward pass, on DL4J's flat parameter layout: per layer W (nIn×nOut,
 * column-major) then b: {@link TinyMlp}, which builds the same network in DL4J ({@code DataType.DOUBLE}).
 */
final class ReferenceMlp {

    static final int IN = TinyMlp.IN;
    static final int HIDDEN = TinyMlp.HIDDEN;
    static final int OUT = TinyMlp.OUT;
    static final int N = TinyMlp.N;

    private ReferenceMlp() {
    }

    static MultiLayerConfiguration configuration(IUpdater updater) { return TinyMlp.configuration(updater); }

    static MultiLayerNetwork network(IUpdater updater) { return TinyMlp.network(updater); }

    /** Random batches: Gaussian features, one-hot labels. */
    static List<DataSet> batches(int count, int batchSize, long seed) { return TinyMlp.batches(count, batchSize, seed, 0); }

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
}
