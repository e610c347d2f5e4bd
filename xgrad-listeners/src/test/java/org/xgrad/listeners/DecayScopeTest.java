package org.xgrad.listeners;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.xgrad.testing.Diff;
import org.xgrad.testing.TinyMlp;
import org.xgrad.updaters.ReferenceOptimizer;
import org.xgrad.updaters.XAdamW;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link XGrad#decayWeightsOnly}: AdamW's decoupled decay on the weights only, against a plain-Java AdamW that decays
 * the weight entries and not the bias entries; the default still decays everything; normalization layers and graphs.
 */
class DecayScopeTest {

    private static final double LR = 0.05;
    private static final double LAMBDA = 0.1;
    private static final List<DataSet> BATCHES = TinyMlp.batches(5, 8, 21, 1.0);

    /** Parameter layout of {@link TinyMlp}: W0, b0, W1, b1. */
    private static boolean isBias(int i) {
        int w0 = TinyMlp.IN * TinyMlp.HIDDEN;
        int b0 = w0 + TinyMlp.HIDDEN;
        int w1 = b0 + TinyMlp.HIDDEN * TinyMlp.OUT;
        return i >= w0 && i < b0 || i >= w1;
    }

    @Test
    void biasesAreNotDecayedAndWeightsAre() {
        MultiLayerConfiguration conf = TinyMlp.configuration(new XAdamW(LR, 0, LAMBDA));
        assertEquals(2, XGrad.decayWeightsOnly(conf), "both layers' biases");
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        XGrad.attach(net);
        MultiLayerNetwork everything = TinyMlp.network(new XAdamW(LR, 0, LAMBDA));
        XGrad.attach(everything);
        everything.setParams(net.params().dup());

        int n = (int) net.numParams();
        double[] theta = net.params().dup().data().asDouble();
        ReferenceOptimizer weights = new ReferenceOptimizer.Adam(n, LR, 0.9, 0.999, 1e-8, LAMBDA);
        ReferenceOptimizer biases = new ReferenceOptimizer.Adam(n, LR, 0.9, 0.999, 1e-8, 0);
        for (int it = 0; it < BATCHES.size(); it++) {
            DataSet batch = BATCHES.get(it);
            net.setInput(batch.getFeatures());
            net.setLabels(batch.getLabels());
            net.computeGradientAndScore();
            double[] g = net.gradient().gradient().dup().data().asDouble();
            for (int i = 0; i < n; i++) {
                g[i] /= batch.numExamples(); // DL4J's mini-batch mean
            }
            double[] uWeights = weights.step(g, it, theta);
            double[] uBiases = biases.step(g, it, theta);
            for (int i = 0; i < n; i++) {
                theta[i] -= isBias(i) ? uBiases[i] : uWeights[i];
            }
            net.fit(batch);
            everything.fit(batch);
        }
        Diff.assertClose(theta, net.params(), 1e-12, "AdamW on the weights, Adam on the biases");
        double biasGap = 0;
        for (int i = 0; i < n; i++) {
            if (isBias(i)) {
                biasGap = Math.max(biasGap, Math.abs(everything.params().getDouble(i) - theta[i]));
            }
        }
        assertTrue(biasGap > 1e-6, "the default decays the biases too: " + biasGap);
    }

    @Test
    void normalizationLayersAndGraphs() {
        MultiLayerConfiguration conf = TinyMlp.base(new XAdamW(LR, 1, LAMBDA)).list().layer(TinyMlp.hidden())
                .layer(new BatchNormalization.Builder().nIn(TinyMlp.HIDDEN).nOut(TinyMlp.HIDDEN).build())
                .layer(TinyMlp.output()).build();
        assertEquals(3, XGrad.decayWeightsOnly(conf));
        BaseLayer dense = (BaseLayer) conf.getConf(0).getLayer();
        BaseLayer norm = (BaseLayer) conf.getConf(1).getLayer();
        assertEquals(LAMBDA, ((XAdamW) dense.getIUpdater()).getWeightDecay());
        assertEquals(0.0, ((XAdamW) dense.getBiasUpdater()).getWeightDecay());
        assertEquals(0.0, ((XAdamW) norm.getIUpdater()).getWeightDecay(), "γ and β");
        assertEquals(new XAdamW(LR, 1, 0.0), norm.getIUpdater(), "every other setting kept");
        assertEquals(0, XGrad.decayWeightsOnly(conf), "idempotent");
        new MultiLayerNetwork(conf).init(); // still a valid configuration

        ComputationGraphConfiguration graph = TinyMlp.graph(new XAdamW(LR, 1, LAMBDA), TinyMlp.HIDDEN);
        assertEquals(2, XGrad.decayWeightsOnly(graph));
        assertEquals(0, XGrad.decayWeightsOnly(TinyMlp.configuration(new Adam(LR))), "other updaters left alone");
    }
}
