package org.xgrad.zoo;

import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.PretrainedType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.xgrad.listeners.WeightPredictionListener;
import org.xgrad.listeners.XGrad;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XSgdm;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code XGradZoo.initPretrained} → transfer learning → fine-tuning with weight prediction, end to end, on a
 * "pretrained" LeNet-5 built and saved here into DL4J's local model cache (nothing is downloaded).
 */
class FineTuneTest {

    /** LeNet-5 with pretrained weights at an address that is never contacted: the file is in the cache already. */
    static final class PretrainedLeNet5 extends LeNet5 {
        PretrainedLeNet5() {
            super(new int[] {1, 28, 28}, 10);
        }

        @Override
        public String pretrainedUrl(PretrainedType type) {
            return type == PretrainedType.MNIST ? "http://127.0.0.1:9/xgrad-test/lenet5-pretrained.zip" : null;
        }

        @Override
        public long pretrainedChecksum(PretrainedType type) { return 0; }
    }

    static DataSet batch(int n, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void initPretrainedThenFineTuneWithAFrozenFeatureExtractor(@TempDir File cache) throws Exception {
        File oldBase = DL4JResources.getBaseDirectory();
        try {
            DL4JResources.setBaseDirectory(cache);
            PretrainedLeNet5 zoo = new PretrainedLeNet5();
            zoo.updater(new XSgdm(0.05, 0));
            MultiLayerNetwork original = (MultiLayerNetwork) zoo.init();
            for (int i = 0; i < 3; i++) {
                original.fit(batch(16, 10, i));
            }
            File file = new File(DL4JResources.getDirectory(ResourceType.ZOO_MODEL, zoo.modelName()),
                    "lenet5-pretrained.zip");
            ModelSerializer.writeModel(original, file, false);

            MultiLayerNetwork pretrained = XGradZoo.initPretrained(zoo, PretrainedType.MNIST, new XAdam(1e-3, 1));
            assertArrayEquals(original.params().toFloatVector(), pretrained.params().toFloatVector(), 0f,
                    "the cached weights");
            int last = pretrained.getnLayers() - 1;
            MultiLayerNetwork tuned = new TransferLearning.Builder(pretrained)
                    .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new XAdam(1e-3, 1)).build())
                    .setFeatureExtractor(last - 1)
                    .removeOutputLayer()
                    .addLayer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(84).nOut(4)
                            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                    .build();
            WeightPredictionListener xgrad = XGrad.enablePrediction(tuned);
            long frozen = tuned.params().length() - tuned.getLayer(last).numParams();
            float[] before = tuned.params().toFloatVector();
            for (int i = 0; i < 5; i++) {
                tuned.fit(batch(16, 4, 10 + i));
            }
            float[] after = tuned.params().toFloatVector();
            assertArrayEquals(java.util.Arrays.copyOf(before, (int) frozen), java.util.Arrays.copyOf(after,
                    (int) frozen), 0f, "the feature extractor never moves");
            float moved = 0;
            for (int i = (int) frozen; i < after.length; i++) {
                moved = Math.max(moved, Math.abs(after[i] - before[i]));
            }
            assertTrue(moved > 1e-4, "the new output layer trained: " + moved);
            assertEquals(4, xgrad.getPredictedIterations(), "every iteration after the first at θ̂");
        } finally {
            DL4JResources.setBaseDirectory(oldBase);
        }
    }
}
