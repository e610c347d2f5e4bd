package org.xgrad.zoo;

import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.LeNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.xgrad.listeners.WeightPredictionListener;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XSgd;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XGradZooTest {

    static Stream<Arguments> paperModelsAndUpdaters() {
        return ZooModels.paperModels().stream().flatMap(m -> Stream.of(
                Arguments.of(m, new XAdam(1e-3, 1)), Arguments.of(m, new XSgd(0.01, 1))));
    }

    /** Records the parameters seen in the forward pass and after each iteration. */
    static final class Probe extends BaseTrainingListener {
        final List<double[]> forward = new ArrayList<>();
        final List<double[]> done = new ArrayList<>();

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            forward.add(model.params().toDoubleVector());
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            forward.add(model.params().toDoubleVector());
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            done.add(model.params().toDoubleVector());
        }
    }

    /** Two iterations on a batch of 2: finite loss, weights change, the second forward pass ran at θ̂ ≠ θ. */
    static void trainsWithPrediction(Model model, int[] imageShape, int classes, String name) {
        WeightPredictionListener xgrad = listener(model);
        Probe probe = new Probe();
        model.addListeners(probe);
        double[] initial = model.params().toDoubleVector();
        Object batch = ZooModels.batch(model, imageShape, classes);
        long start = System.nanoTime();
        ZooModels.fit(model, batch);
        long first = System.nanoTime() - start;
        ZooModels.fit(model, batch);
        assertTrue(Double.isFinite(model.score()), name + ": loss " + model.score());
        assertTrue(maxDiff(initial, model.params().toDoubleVector()) > 0, name + ": weights changed");
        assertEquals(1, xgrad.getPredictedIterations(), name + ": second iteration predicted");
        assertTrue(maxDiff(probe.forward.get(1), probe.done.get(0)) > 0, name + ": forward pass saw θ̂ ≠ θ");
        System.out.printf("ZOO %-22s params=%,d trainable=%,d first-iteration=%d ms%n", name, model.numParams(),
                PaperModel.trainableParameters(model), first / 1_000_000);
    }

    static WeightPredictionListener listener(Model model) {
        for (TrainingListener l : model instanceof MultiLayerNetwork n ? n.getListeners()
                : ((ComputationGraph) model).getListeners()) {
            if (l instanceof WeightPredictionListener w) {
                return w;
            }
        }
        throw new AssertionError("no WeightPredictionListener installed");
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paperModelsAndUpdaters")
    void paperModelsTrainWithPrediction(PaperModel<?> paper, IUpdater updater) {
        Model model = XGradZoo.init(paper, updater);
        assertUpdaterEverywhere(model, updater, paper.modelName());
        trainsWithPrediction(model, paper.getInputShape(), paper.getNumClasses(),
                paper.modelName() + java.util.Arrays.toString(paper.getInputShape()));
    }

    @Test
    void lightDl4jZooModelsTrainWithPrediction() {
        Model lenet = XGradZoo.init(LeNet.builder().numClasses(10).build(), new XAdam(1e-3, 1));
        trainsWithPrediction(lenet, new int[] {1, 28, 28}, 10, "dl4j LeNet");
        Model text = XGradZoo.init(ZooModels.textGeneration(), new XSgd(0.01, 2));
        trainsWithPrediction(text, new int[] {47, 5}, 47, "dl4j TextGenerationLSTM");
    }

    /** Reference counts: PyTorch's torchvision-style CIFAR models and the classic LeNet-5 (see docs/zoo.md). */
    @Test
    void parameterCountsMatchTheStandardArchitectures() {
        assertEquals(61_706, PaperModel.trainableParameters(LeNet5.fashionMnist().init()), "LeNet-5");
        assertEquals(9_231_114, PaperModel.trainableParameters(Vgg11.cifar10().init()), "VGG-11 (BN)");
        assertEquals(11_173_962, PaperModel.trainableParameters(
                ResNetCifar.resNet18(new int[] {3, 32, 32}, 10).init()), "ResNet-18");
        assertEquals(21_282_122, PaperModel.trainableParameters(
                ResNetCifar.resNet34(new int[] {3, 32, 32}, 10).init()), "ResNet-34");
        long v = 10_000;
        long e = 400;
        long h = 1150;
        long lstm1 = v * e + 4 * h * (e + h + 1) + h * v + v;
        long lstm2 = lstm1 + 4 * h * (h + h + 1);
        assertEquals(22_644_600, lstm1);
        assertEquals(33_229_200, lstm2);
        MultiLayerNetwork one = LstmLanguageModel.lstm1(10_000).init();
        assertEquals(lstm1, one.numParams(), "LSTM-1, vocabulary 10,000");
        one.close();
        MultiLayerNetwork two = LstmLanguageModel.lstm2(10_000).init();
        assertEquals(lstm2, two.numParams(), "LSTM-2, vocabulary 10,000");
    }

    static Stream<ZooModel<?>> allModels() {
        return Stream.concat(ZooModels.dl4jZoo().stream(), ZooModels.paperModels().stream());
    }

    /** Configuration level (no weights allocated): the updater is replaced on every trainable parameter. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allModels")
    void updaterReplacedOnEveryLayer(ZooModel<?> zoo) throws Exception {
        XAdam updater = new XAdam(2e-3, 3);
        Object conf = XGradZoo.configuration(zoo);
        List<Layer> layers = new ArrayList<>();
        if (conf instanceof MultiLayerConfiguration mlc) {
            XGradZoo.withUpdater(mlc, updater).getConfs().forEach(c -> layers.add(c.getLayer()));
        } else {
            XGradZoo.withUpdater((ComputationGraphConfiguration) conf, updater).getVertices().values().stream()
                    .filter(v -> v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex)
                    .forEach(v -> layers.add(((org.deeplearning4j.nn.conf.graph.LayerVertex) v).getLayerConf()
                            .getLayer()));
        }
        int checked = 0;
        for (Layer layer : layers) {
            checked += checkLayer(layer, updater, zoo.modelName());
        }
        assertTrue(checked > 0, zoo.modelName() + ": no trainable parameter found");
    }

    private static int checkLayer(Layer layer, IUpdater updater, String model) {
        if (layer instanceof FrozenLayer) {
            return 0;
        }
        int checked = 0;
        for (String param : layer.initializer().paramKeys(layer)) {
            IUpdater u = layer.getUpdaterByParam(param);
            if (layer instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization
                    && (param.equals("mean") || param.equals("var") || param.equals("log10stdev"))) {
                assertTrue(u instanceof NoOp, model + "/" + layer.getLayerName() + "/" + param + ": running stats");
                continue;
            }
            assertEquals(updater, u, model + "/" + layer.getLayerName() + "/" + param);
            checked++;
        }
        if (layer instanceof BaseLayer base) {
            assertNull(base.getBiasUpdater(), model + "/" + layer.getLayerName() + ": bias updater");
        }
        return checked;
    }

    /** A trained network's layers, inspected after init: same result as on the configuration. */
    static void assertUpdaterEverywhere(Model model, IUpdater updater, String name) {
        XGradZoo.forEachLayer(model, layer -> checkLayer(layer, updater, name));
    }

    /** DL4J's own NASNet cannot be built in 1.0.0-M2.1: its graphBuilder needs inputs that only init() adds. */
    @Test
    void nasNetIsBrokenInDl4jItself() {
        assertThrows(IllegalArgumentException.class,
                () -> org.deeplearning4j.zoo.model.NASNet.builder().numClasses(10).build().init());
    }

    /** Offline, pretrained weights fail fast with a message naming the cache file, and nothing hangs. */
    @Test
    void pretrainedWeightsOfflineFailFast(@TempDir File cache) {
        File oldBase = DL4JResources.getBaseDirectory();
        String oldUrl = DL4JResources.getBaseDownloadURL();
        try {
            DL4JResources.setBaseDirectory(cache);
            DL4JResources.setBaseDownloadURL("http://127.0.0.1:9/");
            IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(IOException.class,
                    () -> XGradZoo.initPretrained(LeNet.builder().build(), PretrainedType.MNIST, new XAdam(1))));
            assertTrue(e.getMessage().contains("not in the local cache"), e.getMessage());
            assertTrue(e.getMessage().contains(cache.getPath()), e.getMessage());
            assertThrows(UnsupportedOperationException.class,
                    () -> XGradZoo.initPretrained(LeNet.builder().build(), PretrainedType.CIFAR10, new XAdam(1)));
        } finally {
            DL4JResources.setBaseDirectory(oldBase);
            DL4JResources.setBaseDownloadURL(oldUrl);
        }
    }
}
