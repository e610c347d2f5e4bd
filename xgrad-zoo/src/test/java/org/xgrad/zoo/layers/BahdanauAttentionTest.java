package org.xgrad.zoo.layers;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link BahdanauAttention} against a plain-Java NVIDIA {@code BahdanauAttention(normalize=True)} with a key mask. */
class BahdanauAttentionTest {

    @Test
    void matchesReferenceAndIgnoresPaddedEncoderSteps() {
        int n = 3;
        int tq = 2;
        int tk = 4;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("query", "keys")
                .addVertex("attention", new BahdanauAttention(n), "query", "keys").setOutputs("attention").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        Nd4j.getRandom().setSeed(9);
        graph.params().assign(Nd4j.rand(DataType.DOUBLE, graph.params().shape()).subi(0.5).muli(2));
        Map<String, INDArray> p = graph.getVertex("attention").paramTable(false);
        INDArray query = Nd4j.rand(DataType.DOUBLE, 2, n, tq).subi(0.5);
        INDArray keys = Nd4j.rand(DataType.DOUBLE, 2, n, tk).subi(0.5);
        INDArray keyMask = Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}});
        INDArray out = graph.output(false, new INDArray[] {query, keys},
                new INDArray[] {Nd4j.ones(DataType.DOUBLE, 2, tq), keyMask}, null)[0];
        assertArrayEquals(new long[] {2, n, tq}, out.shape());

        double[] v = p.get("v").reshape(n).toDoubleVector();
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        double g = p.get("g").getDouble(0);
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < tq; i++) {
                double[] scores = new double[tk];
                for (int j = 0; j < tk; j++) {
                    for (int u = 0; u < n; u++) {
                        double e = p.get("b").getDouble(u);
                        for (int f = 0; f < n; f++) {
                            e += query.getDouble(b, f, i) * p.get("Wq").getDouble(f, u)
                                    + keys.getDouble(b, f, j) * p.get("Wk").getDouble(f, u);
                        }
                        scores[j] += g * v[u] / norm * Math.tanh(e);
                    }
                    if (keyMask.getDouble(b, j) == 0) {
                        scores[j] = BahdanauAttention.MASKED_SCORE;
                    }
                }
                double sum = 0;
                for (int j = 0; j < tk; j++) {
                    scores[j] = Math.exp(scores[j]);
                    sum += scores[j];
                }
                for (int f = 0; f < n; f++) {
                    double context = 0;
                    for (int j = 0; j < tk; j++) {
                        context += scores[j] / sum * keys.getDouble(b, f, j);
                    }
                    assertEquals(context, out.getDouble(b, f, i), 1e-12, "batch " + b + " step " + i);
                }
            }
        }
        // padded encoder steps carry no weight: changing them leaves the second example's context unchanged
        INDArray changed = keys.dup();
        changed.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)).assign(7);
        INDArray again = graph.output(false, new INDArray[] {query, changed},
                new INDArray[] {Nd4j.ones(DataType.DOUBLE, 2, tq), keyMask}, null)[0];
        assertEquals(out.slice(1), again.slice(1));
    }
}
