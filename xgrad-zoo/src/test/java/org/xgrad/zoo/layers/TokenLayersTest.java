package org.xgrad.zoo.layers;

import org.apache.commons.math3.special.Erf;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ViT's SameDiff layers against plain-Java implementations of lucidrains' modules (DOUBLE, random parameters
 * and inputs): patch embedding, pre-norm multi-head self-attention, per-token dense with GELU, pooling.
 */
class TokenLayersTest {

    private static final double TOLERANCE = 1e-12;

    /** A one-layer network around {@code layer} with random parameters (initialization replaced by noise). */
    private static MultiLayerNetwork network(Layer layer, InputType input) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).list()
                .layer(layer).setInputType(input).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(5);
        net.params().assign(Nd4j.rand(DataType.DOUBLE, net.params().shape()).subi(0.5));
        return net;
    }

    private static double[][] matrix(INDArray a) {
        return a.reshape(a.size(0), a.length() / a.size(0)).toDoubleMatrix();
    }

    private static double[] vector(INDArray a) {
        return a.reshape(a.length()).toDoubleVector();
    }

    /** y = x·W + b. */
    private static double[] linear(double[] x, double[][] w, double[] b) {
        double[] y = new double[w[0].length];
        for (int j = 0; j < y.length; j++) {
            y[j] = b == null ? 0 : b[j];
            for (int i = 0; i < x.length; i++) {
                y[j] += x[i] * w[i][j];
            }
        }
        return y;
    }

    /** PyTorch nn.LayerNorm (biased variance, ε = 1e-5). */
    private static double[] layerNorm(double[] x, double[] gain, double[] bias) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / x.length;
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(var + 1e-5) * gain[i] + bias[i];
        }
        return y;
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    /** 'b c (h p1) (w p2) -> b (h w) (p1 p2 c)', linear, class token first, plus position embedding. */
    @Test
    void patchEmbeddingMatchesReference() {
        int c = 2;
        int side = 4;
        int p = 2;
        int dim = 3;
        MultiLayerNetwork net = network(new PatchEmbedding(p, dim), InputType.convolutional(side, side, c));
        Map<String, INDArray> params = net.getLayer(0).paramTable();
        double[][] w = matrix(params.get("W"));
        double[] b = vector(params.get("b"));
        double[] cls = vector(params.get("cls"));
        double[][] pos = matrix(params.get("pos"));
        INDArray image = Nd4j.rand(DataType.DOUBLE, 2, c, side, side);
        INDArray out = net.output(image);
        assertArrayEquals(new long[] {2, 1 + (side / p) * (side / p), dim}, out.shape());
        for (int n = 0; n < 2; n++) {
            for (int k = 0; k < dim; k++) {
                assertClose(cls[k] + pos[0][k], out.getDouble(n, 0, k), "class token");
            }
            for (int ph = 0; ph < side / p; ph++) {
                for (int pw = 0; pw < side / p; pw++) {
                    double[] flat = new double[p * p * c];
                    for (int p1 = 0; p1 < p; p1++) {
                        for (int p2 = 0; p2 < p; p2++) {
                            for (int ch = 0; ch < c; ch++) {
                                flat[(p1 * p + p2) * c + ch] = image.getDouble(n, ch, ph * p + p1, pw * p + p2);
                            }
                        }
                    }
                    double[] y = linear(flat, w, b);
                    int token = 1 + ph * (side / p) + pw;
                    for (int k = 0; k < dim; k++) {
                        assertClose(y[k] + pos[token][k], out.getDouble(n, token, k), "patch " + token);
                    }
                }
            }
        }
    }

    /** PreNorm(Attention): per head softmax(q·kᵀ/√d)·v, heads concatenated, then Wo, bo. */
    @Test
    void selfAttentionMatchesReference() {
        int tokens = 5;
        int dim = 4;
        int heads = 2;
        int size = 3;
        int inner = heads * size;
        MultiLayerNetwork net = network(new SelfAttention(heads, size), InputType.recurrent(dim, tokens,
                RNNFormat.NWC));
        Map<String, INDArray> params = net.getLayer(0).paramTable();
        double[] gain = vector(params.get("normGain"));
        double[] bias = vector(params.get("normBias"));
        double[][] wqkv = matrix(params.get("Wqkv"));
        double[][] wo = matrix(params.get("Wo"));
        double[] bo = vector(params.get("bo"));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, tokens, dim).subi(0.5).muli(3);
        INDArray out = net.output(x);
        assertArrayEquals(new long[] {2, tokens, dim}, out.shape());
        for (int n = 0; n < 2; n++) {
            double[][] qkv = new double[tokens][];
            for (int t = 0; t < tokens; t++) {
                qkv[t] = linear(layerNorm(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(t)).toDoubleVector(), gain, bias), wqkv, null);
            }
            for (int t = 0; t < tokens; t++) {
                double[] concat = new double[inner];
                for (int h = 0; h < heads; h++) {
                    double[] scores = new double[tokens];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s < tokens; s++) {
                        for (int j = 0; j < size; j++) {
                            scores[s] += qkv[t][h * size + j] * qkv[s][inner + h * size + j] / Math.sqrt(size);
                        }
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s < tokens; s++) {
                        scores[s] = Math.exp(scores[s] - max);
                        sum += scores[s];
                    }
                    for (int s = 0; s < tokens; s++) {
                        for (int j = 0; j < size; j++) {
                            concat[h * size + j] += scores[s] / sum * qkv[s][2 * inner + h * size + j];
                        }
                    }
                }
                double[] y = linear(concat, wo, bo);
                for (int k = 0; k < dim; k++) {
                    assertClose(y[k], out.getDouble(n, t, k), "token " + t);
                }
            }
        }
    }

    /** PreNorm(Linear → GELU) with the exact Gaussian CDF; without norm and activation, a plain linear map. */
    @Test
    void tokenDenseMatchesReference() {
        for (boolean full : new boolean[] {true, false}) {
            MultiLayerNetwork net = network(new TokenDense(3, full, full), InputType.recurrent(4, 2,
                    RNNFormat.NWC));
            Map<String, INDArray> params = net.getLayer(0).paramTable();
            double[][] w = matrix(params.get("W"));
            double[] b = vector(params.get("b"));
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4).subi(0.5).muli(4);
            INDArray out = net.output(x);
            assertArrayEquals(new long[] {2, 2, 3}, out.shape());
            for (int n = 0; n < 2; n++) {
                for (int t = 0; t < 2; t++) {
                    double[] in = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(t)).toDoubleVector();
                    double[] y = linear(full ? layerNorm(in, vector(params.get("normGain")),
                            vector(params.get("normBias"))) : in, w, b);
                    for (int k = 0; k < 3; k++) {
                        double expected = full ? y[k] * 0.5 * (1 + Erf.erf(y[k] / Math.sqrt(2))) : y[k];
                        assertClose(expected, out.getDouble(n, t, k), "full=" + full);
                    }
                }
            }
        }
    }

    /** The first token or the token mean, layer-normalized. */
    @Test
    void tokenPoolingMatchesReference() {
        for (TokenPooling.Mode mode : TokenPooling.Mode.values()) {
            MultiLayerNetwork net = network(new TokenPooling(mode), InputType.recurrent(4, 3, RNNFormat.NWC));
            Map<String, INDArray> params = net.getLayer(0).paramTable();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
            INDArray out = net.output(x);
            assertArrayEquals(new long[] {2, 4}, out.shape());
            for (int n = 0; n < 2; n++) {
                double[] pooled = new double[4];
                for (int t = 0; t < 3; t++) {
                    for (int k = 0; k < 4; k++) {
                        pooled[k] += mode == TokenPooling.Mode.MEAN ? x.getDouble(n, t, k) / 3
                                : t == 0 ? x.getDouble(n, t, k) : 0;
                    }
                }
                double[] y = layerNorm(pooled, vector(params.get("normGain")), vector(params.get("normBias")));
                for (int k = 0; k < 4; k++) {
                    assertClose(y[k], out.getDouble(n, k), mode.toString());
                }
            }
        }
    }
}
