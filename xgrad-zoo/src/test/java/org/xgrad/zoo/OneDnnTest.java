package org.xgrad.zoo;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.xgrad.listeners.XGrad;
import org.xgrad.updaters.XAdam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's oneDNN helpers compute what ND4J's own kernels compute: every paper model with convolution, pooling or
 * batch-normalization layers, trained with XGrad (XAdam, listener mode) from the same initial weights on the same batches, with and
 * without the helpers.
 */
class OneDnnTest {

    private static final int ITERATIONS = 10;
    private static final int BATCH = 4;
    /**
     * FLOAT tolerances: relative difference of the loss at every iteration (the forward pass at θ̂), and the least
     * cosine between the weight updates (forward and backward pass, XAdam's step). The updates differ more than the
     * losses because a convolution's weight gradient sums over every position of the batch, in another order on each
     * path: ND4J's im2col + gemm gradient of ResNet-18 at batch 4 is itself about 2e-3 (relative L2) off a DOUBLE
     * reference, oneDNN's of its first convolution 5e-6. A helper that computed something else would point its update
     * elsewhere (cosine far below 1). Batch normalization's β gradients (sums of terms of both signs over the batch
     * and positions) are the worst conditioned: ResNet-18's at batch 32 are about 9e-3 (relative L2) off a DOUBLE
     * reference on either path, so the two paths differ there by as much, and the loss and cosine bounds cover it.
     */
    private static final double LOSS_TOLERANCE = 1e-4;
    private static final double UPDATE_COSINE = 0.99;

    @Test
    void everyConvolutionalPaperModelTrainsTheSameWithTheHelpers() {
        assertNull(OneDnn.unavailableReason(), "the test backend runs oneDNN");
        List<String> report = new ArrayList<>();
        int models = 0;
        for (PaperModel<?> paper : ZooModels.convolutionalPaperModels()) {
            Model plain = build(paper);
            int eligible = eligibleLayers(plain);
            if (eligible == 0) {
                continue; // LSTMs, ViT, GNMT: no convolution, pooling or batch-normalization layer of DL4J's
            }
            models++;
            Model fast = build(paper);
            assertEquals(eligible, OneDnn.enable(fast), paper.getClass().getSimpleName() + ": helpers attached");
            assertEquals(0, OneDnn.enable(fast), "a second call attaches nothing");
            assertHelpers(plain, false);
            assertHelpers(fast, true);
            double worstLoss = 0;
            double worstCosine = 1;
            for (int i = 0; i < ITERATIONS; i++) {
                // both start the iteration from the same θ and optimizer state: each iteration compares the
                // helpers' forward and backward pass with ND4J's at one point of the trajectory
                fast.params().assign(plain.params());
                updaterState(fast).assign(updaterState(plain));
                INDArray before = plain.params().dup();
                Object batch = batch(paper, i);
                Nd4j.getRandom().setSeed(1000 + i); // the same dropout masks for both
                ZooModels.fit(plain, batch);
                Nd4j.getRandom().setSeed(1000 + i);
                ZooModels.fit(fast, batch);
                String where = paper.modelName() + " iteration " + i;
                double a = plain.score();
                double b = fast.score();
                assertTrue(Double.isFinite(a), where + ": loss " + a);
                double loss = Math.abs(a - b) / Math.max(1, Math.abs(a));
                worstLoss = Math.max(worstLoss, loss);
                assertTrue(loss <= LOSS_TOLERANCE, String.format(Locale.ROOT,
                        "%s: loss %.8f without helpers, %.8f with them", where, a, b));
                if (i > 0) { // Adam's first step is lr·sign(g): FLOAT noise flips it where g ≈ 0
                    INDArray u = before.sub(plain.params());
                    INDArray v = before.sub(fast.params());
                    double cosine = u.mul(v).sumNumber().doubleValue()
                            / (u.norm2Number().doubleValue() * v.norm2Number().doubleValue());
                    worstCosine = Math.min(worstCosine, cosine);
                    assertTrue(cosine >= UPDATE_COSINE, String.format(Locale.ROOT,
                            "%s: the weight updates point apart (cosine %.5f)", where, cosine));
                }
            }
            report.add(String.format(Locale.ROOT, "%s %s: %d helper layers, worst loss difference %.2e, 1 − update cosine %.1e",
                    paper.modelName(), java.util.Arrays.toString(paper.getInputShape()), eligible,
                    worstLoss, 1 - worstCosine));
        }
        report.forEach(System.out::println);
        assertTrue(models >= 10, "convolutional paper models compared: " + models);
    }

    @Test
    void doubleNetworksAndNhwcLayersKeepNd4jKernels() {
        MultiLayerNetwork doubles = small(DataType.DOUBLE, CNN2DFormat.NCHW);
        assertEquals(0, OneDnn.enable(doubles));
        assertHelpers(doubles, false);
        MultiLayerNetwork nhwc = small(DataType.FLOAT, CNN2DFormat.NHWC);
        assertEquals(0, OneDnn.enable(nhwc));
        MultiLayerNetwork nchw = small(DataType.FLOAT, CNN2DFormat.NCHW);
        assertEquals(3, OneDnn.enable(nchw));
        assertEquals(List.of("MKLDNNConvHelper", "MKLDNNBatchNormHelper", "MKLDNNSubsamplingHelper"),
                List.copyOf(OneDnn.helpers(nchw).values()));
        assertEquals(List.of("none", "none", "none"), List.copyOf(OneDnn.helpers(nhwc).values()));
    }

    @Test
    void binaryForTheCpu() {
        assertEquals("-onednn-avx512", OneDnn.binaryFor(" fpu sse2 avx2 fma avx512f avx512dq avx512bw avx512vl"));
        assertEquals("-onednn-avx2", OneDnn.binaryFor("fpu sse2 avx2 fma avx512f"));
        assertEquals("", OneDnn.binaryFor("fpu sse2 avx"));
        assertEquals("", OneDnn.binaryFor(""));
        assertNotNull(OneDnn.nativeLibrary(), "the loaded native library");
    }

    @Test
    void switchedOffByTheSystemProperty() {
        assertNull(OneDnn.check());
        System.setProperty(OneDnn.SWITCH, "false");
        try {
            assertTrue(OneDnn.check().contains("-Dorg.xgrad.onednn=false"), OneDnn.check());
        } finally {
            System.clearProperty(OneDnn.SWITCH);
        }
    }

    @Test
    void badInput() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OneDnn.enable(null));
        assertTrue(e.getMessage().contains("model"), e.getMessage());
    }

    private static MultiLayerNetwork small(DataType type, CNN2DFormat format) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(type)
                .updater(new Adam()).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).dataFormat(format).build())
                .layer(new BatchNormalization.Builder().dataFormat(format).build())
                .layer(new SubsamplingLayer.Builder(2, 2).dataFormat(format).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).build())
                .setInputType(InputType.convolutional(8, 8, 1, format)).build());
        net.init();
        return net;
    }

    private static Model build(PaperModel<?> paper) {
        Model net = paper.seed(7).updater(new XAdam(1e-3, 1)).init();
        XGrad.enablePrediction(net);
        return net;
    }

    /** The convolution, subsampling and batch-normalization layers (exact DL4J classes) that run the helpers. */
    private static int eligibleLayers(Model model) {
        int n = 0;
        for (Layer layer : layers(model)) {
            n += eligible(layer) ? 1 : 0;
        }
        return n;
    }

    private static boolean eligible(Layer layer) {
        return layer.getClass() == org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class
                || layer.getClass() == org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class
                || layer.getClass() == org.deeplearning4j.nn.layers.normalization.BatchNormalization.class;
    }

    private static void assertHelpers(Model model, boolean attached) {
        for (Layer layer : layers(model)) {
            if (eligible(layer)) {
                assertEquals(attached, layer.getHelper() != null, layer.conf().getLayer().getLayerName());
            }
        }
        assertFalse(OneDnn.helpers(model).isEmpty());
    }

    private static INDArray updaterState(Model model) {
        return model instanceof ComputationGraph g ? g.getUpdater().getStateViewArray()
                : ((MultiLayerNetwork) model).getUpdater().getStateViewArray();
    }

    private static Layer[] layers(Model model) {
        return model instanceof ComputationGraph g ? g.getLayers() : ((MultiLayerNetwork) model).getLayers();
    }

    /** Batch {@code i}: BATCH random images, random one-hot labels, the same for every call with the same i. */
    private static Object batch(PaperModel<?> paper, int i) {
        Nd4j.getRandom().setSeed(i);
        int[] shape = paper.getInputShape();
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, shape[0], shape[1], shape[2]);
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, paper.getNumClasses());
        for (int b = 0; b < BATCH; b++) {
            y.putScalar(b, (i * 7 + b * 3) % paper.getNumClasses(), 1);
        }
        return paper.modelType() == ComputationGraph.class ? new MultiDataSet(x, y) : new DataSet(x, y);
    }
}
