package org.xgrad.listeners;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A ComputationGraph with two inputs and a skip connection: input a (3) → dense tanh h (4); [h, input b (2)] merged →
 * softmax output (3), cross-entropy. Plain-Java forward/backward on DL4J's flat layout: h_W, h_b, out_W, out_b.
 */
final class ReferenceGraph {

    static final int A = 3;
    static final int B = 2;
    static final int H = 4;
    static final int OUT = 3;
    static final int N = A * H + H + (H + B) * OUT + OUT;

    private ReferenceGraph() {
    }

    static ComputationGraph network(IUpdater updater) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(updater).graphBuilder().addInputs("a", "b")
                .addLayer("h", new DenseLayer.Builder().nIn(A).nOut(H).activation(Activation.TANH).build(), "a")
                .addVertex("m", new MergeVertex(), "h", "b")
                .addLayer("out", new OutputLayer.Builder().nIn(H + B).nOut(OUT).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build(), "m")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    static List<MultiDataSet> batches(int count, int size, long seed) {
        Random r = new Random(seed);
        List<MultiDataSet> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            double[][] a = new double[size][A];
            double[][] b = new double[size][B];
            double[][] y = new double[size][OUT];
            for (int n = 0; n < size; n++) {
                for (int i = 0; i < A; i++) {
                    a[n][i] = r.nextGaussian();
                }
                for (int i = 0; i < B; i++) {
                    b[n][i] = r.nextGaussian();
                }
                y[n][r.nextInt(OUT)] = 1;
            }
            out.add(new MultiDataSet(new INDArray[] {Nd4j.createFromArray(a), Nd4j.createFromArray(b)},
                    new INDArray[] {Nd4j.createFromArray(y)}));
        }
        return out;
    }

    static double[] gradient(double[] theta, MultiDataSet batch) {
        double[][] a = batch.getFeatures(0).toDoubleMatrix();
        double[][] b = batch.getFeatures(1).toDoubleMatrix();
        double[][] y = batch.getLabels(0).toDoubleMatrix();
        int size = a.length;
        int hw = 0;
        int hb = A * H;
        int ow = hb + H;
        int ob = ow + (H + B) * OUT;
        int m = H + B;
        double[] g = new double[N];
        for (int n = 0; n < size; n++) {
            double[] c = new double[m];
            for (int j = 0; j < H; j++) {
                double s = theta[hb + j];
                for (int i = 0; i < A; i++) {
                    s += a[n][i] * theta[hw + i + j * A];
                }
                c[j] = Math.tanh(s);
            }
            System.arraycopy(b[n], 0, c, H, B);
            double[] p = new double[OUT];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < OUT; k++) {
                p[k] = theta[ob + k];
                for (int j = 0; j < m; j++) {
                    p[k] += c[j] * theta[ow + j + k * m];
                }
                max = Math.max(max, p[k]);
            }
            double sum = 0;
            for (int k = 0; k < OUT; k++) {
                p[k] = Math.exp(p[k] - max);
                sum += p[k];
            }
            double[] dz = new double[OUT];
            for (int k = 0; k < OUT; k++) {
                dz[k] = (p[k] / sum - y[n][k]) / size;
                g[ob + k] += dz[k];
                for (int j = 0; j < m; j++) {
                    g[ow + j + k * m] += c[j] * dz[k];
                }
            }
            for (int j = 0; j < H; j++) {
                double dc = 0;
                for (int k = 0; k < OUT; k++) {
                    dc += dz[k] * theta[ow + j + k * m];
                }
                double da = dc * (1 - c[j] * c[j]);
                g[hb + j] += da;
                for (int i = 0; i < A; i++) {
                    g[hw + i + j * A] += a[n][i] * da;
                }
            }
        }
        return g;
    }
}
