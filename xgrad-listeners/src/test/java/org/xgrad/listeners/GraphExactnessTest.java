package org.xgrad.listeners;

import org.xgrad.testing.Diff;

import org.xgrad.updaters.PredictionMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.xgrad.updaters.UpdaterCases;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ComputationGraph with two inputs and a skip connection against the plain-Java Algorithm 1: ≤ 1e-10 after 30
 * iterations, both modes; once with {@code fit(MultiDataSet)} per batch and once with {@code fit(MultiDataSetIterator)}.
 */
class GraphExactnessTest {

    static final Set<String> CASES = Set.of("XSgdm", "XAdam", "XAdamW", "XRmsProp", "XAdaGrad", "XWrapped(Nesterovs)");

    static Stream<Arguments> cases() {
        return UpdaterCases.all().stream().filter(c -> CASES.contains(c.name()))
                .flatMap(c -> Stream.of(1, 2).flatMap(s -> Stream.of(PredictionMode.values()).map(m -> Arguments.of(c, s, m))));
    }

    @ParameterizedTest(name = "{0} s={1} {2}")
    @MethodSource("cases")
    void graphFollowsAlgorithmOne(UpdaterCases.Case c, int s, PredictionMode mode) {
        ComputationGraph graph = ReferenceGraph.network(c.withSteps(s));
        double[] flat = graph.params().toDoubleVector();
        double[] fromTable = Stream.of("h_W", "h_b", "out_W", "out_b")
                .flatMapToDouble(k -> java.util.Arrays.stream(columnMajor(graph.getParam(k))))
                .toArray();
        assertArrayEquals(fromTable, flat, 0.0, "flat layout assumed by the reference");
        Modes.prepare(mode, graph);
        AlgorithmOne<MultiDataSet> reference = new AlgorithmOne<>(c.reference().apply(ReferenceGraph.N), s,
                c.learningRate(), flat);
        List<MultiDataSet> batches = ReferenceGraph.batches(30, 5, 31);
        double max = 0;
        for (int t = 0; t < batches.size(); t++) {
            reference.iterate(t, batches.get(t), ReferenceGraph::gradient);
            graph.fit(batches.get(t));
            max = Math.max(max, Diff.maxAbs(reference.theta, Modes.trueParams(mode, graph)));
        }
        System.out.printf("GRAPH-EXACTNESS %-9s s=%d %-12s max|Δθ| = %.3e%n", c, s, mode, max);
        assertTrue(max <= 1e-10, c + " " + mode + ": " + max);
    }

    static double[] columnMajor(org.nd4j.linalg.api.ndarray.INDArray a) {
        if (a.rank() == 1) {
            return a.toDoubleVector();
        }
        double[][] m = a.toDoubleMatrix();
        double[] out = new double[m.length * m[0].length];
        for (int j = 0; j < m[0].length; j++) {
            for (int i = 0; i < m.length; i++) {
                out[i + j * m.length] = m[i][j];
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} s={1} {2}")
    @MethodSource("cases")
    void multiDataSetIteratorFollowsAlgorithmOne(UpdaterCases.Case c, int s, PredictionMode mode) {
        ComputationGraph graph = ReferenceGraph.network(c.withSteps(s));
        Modes.prepare(mode, graph);
        AlgorithmOne<MultiDataSet> reference = new AlgorithmOne<>(c.reference().apply(ReferenceGraph.N), s,
                c.learningRate(), graph.params().toDoubleVector());
        List<MultiDataSet> batches = ReferenceGraph.batches(12, 5, 32);
        MultiDataSetIterator it = new ListMultiDataSetIterator(batches);
        for (int epoch = 0; epoch < 3; epoch++) {
            graph.fit(it);
        }
        int t = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            for (MultiDataSet b : batches) {
                reference.iterate(t++, b, ReferenceGraph::gradient);
            }
        }
        double max = Diff.maxAbs(reference.theta, Modes.trueParams(mode, graph));
        assertTrue(max <= 1e-10, c + " " + mode + ": " + max);
    }
}
