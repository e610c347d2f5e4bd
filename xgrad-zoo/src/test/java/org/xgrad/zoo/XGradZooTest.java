package org.xgrad.zoo;

import org.xgrad.testing.Diff;

import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
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
import org.xgrad.updaters.XSgdm;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XGradZooTest {

    static Stream<Arguments> paperModelsAndUpdaters() {
        return ZooModels.paperModels().stream().flatMap(m -> Stream.of(
                Arguments.of(m, new XAdam(1e-3, 1)), Arguments.of(m, new XSgdm(0.01, 1))));
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

    /**
     * Two iterations on a batch: the output has the expected shape; the loss is finite; the second iteration is
     * predicted and its forward pass ran at θ̂ ≠ θ; and its update starts from θ, not θ̂: the weights after it are
     * exactly those before it minus the update DL4J applied (which DL4J leaves in the gradient view), for every
     * parameter, batch-normalization statistics included.
     */
    static void trainsWithPrediction(Model model, Object batch, long[] outputShape, String name) {
        WeightPredictionListener xgrad = listener(model);
        Probe probe = new Probe();
        model.addListeners(probe);
        assertArrayEquals(outputShape, ZooModels.output(model, batch).shape(), name + ": output shape");
        INDArray initial = model.params().dup();
        long start = System.nanoTime();
        ZooModels.fit(model, batch);
        long first = System.nanoTime() - start;
        INDArray before = model.params().dup();
        ZooModels.fit(model, batch);
        INDArray update = model instanceof MultiLayerNetwork net ? net.getFlattenedGradients()
                : ((ComputationGraph) model).getFlattenedGradients();
        assertTrue(Double.isFinite(model.score()), name + ": loss " + model.score());
        assertTrue(initial.sub(model.params()).amaxNumber().doubleValue() > 0, name + ": weights changed");
        assertEquals(1, xgrad.getPredictedIterations(), name + ": second iteration predicted");
        assertTrue(Diff.maxAbs(probe.forward.get(1), probe.done.get(0)) > 0, name + ": forward pass saw θ̂ ≠ θ");
        assertEquals(before.reshape(-1).sub(update.reshape(-1)), model.params().reshape(-1),
                name + ": weights after the iteration = θ − update");
        System.out.printf("ZOO %-22s params=%,d trainable=%,d first-iteration=%d ms%n", name, model.params().length(),
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

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("paperModelsAndUpdaters")
    void paperModelsTrainWithPrediction(PaperModel<?> paper, IUpdater updater) {
        Model model = XGradZoo.init(paper, updater);
        assertUpdaterEverywhere(model, updater, paper.modelName());
        trainsWithPrediction(model, paper, paper.modelName() + java.util.Arrays.toString(paper.getInputShape()));
    }

    /** {@link #trainsWithPrediction(Model, Object, long[], String)} on the paper model's own batch shape. */
    static void trainsWithPrediction(Model model, PaperModel<?> paper, String name) {
        Object batch = ZooModels.batch(paper, model);
        trainsWithPrediction(model, batch, ZooModels.outputShape(batch, paper.getNumClasses()), name);
    }

    /** {@link #trainsWithPrediction(Model, Object, long[], String)} on random images or sequences. */
    static void trainsWithPrediction(Model model, int[] shape, int classes, String name) {
        Object batch = ZooModels.batch(model, shape, classes);
        trainsWithPrediction(model, batch, ZooModels.outputShape(batch, classes), name);
    }

    @Test
    void lightDl4jZooModelsTrainWithPrediction() {
        Model lenet = XGradZoo.init(LeNet.builder().numClasses(10).build(), new XAdam(1e-3, 1));
        trainsWithPrediction(lenet, new int[] {1, 28, 28}, 10, "dl4j LeNet");
        Model text = XGradZoo.init(ZooModels.textGeneration(), new XSgdm(0.01, 2));
        trainsWithPrediction(text, new int[] {47, 5}, 47, "dl4j TextGenerationLSTM");
    }

    static final int[] CIFAR = {3, 32, 32};

    /**
     * Trainable parameters of each paper model and of its reference implementation, the reference counted by
     * instantiating it in PyTorch 1.13 (docs/zoo.md names the file of each).
     */
    static Stream<Arguments> referenceCounts() {
        return Stream.of(Arguments.of(LeNet5.fashionMnist(), 61_706L),
                Arguments.of(Vgg11.cifar10(), 9_231_114L),
                Arguments.of(Vgg16.cifar10(), 14_728_266L),
                Arguments.of(AlexNetCifar.cifar10(), 2_472_266L),
                Arguments.of(new AlexNetCifar(CIFAR, 100), 2_495_396L),
                Arguments.of(ResNetCifar.resNet18(CIFAR, 10), 11_173_962L),
                Arguments.of(ResNetCifar.resNet34(CIFAR, 10), 21_282_122L),
                Arguments.of(ResNetCifar.resNet50(CIFAR, 10), 23_520_842L),
                Arguments.of(ResNetCifar.resNet101(CIFAR, 10), 42_512_970L),
                Arguments.of(GoogLeNet.cifar10(), 6_166_250L),
                Arguments.of(DenseNet121.cifar10(), 6_956_298L),
                Arguments.of(new DenseNet121(CIFAR, 100), 7_048_548L),
                Arguments.of(InceptionV3.cifar10(), 22_133_738L),
                Arguments.of(new InceptionV3(CIFAR, 100), 22_318_148L),
                Arguments.of(Vit.cifar10(), 9_523_722L),
                Arguments.of(new Vit(CIFAR, 100), 9_569_892L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCounts")
    void parameterCountsEqualTheReferenceImplementations(PaperModel<?> paper, long reference) {
        Model model = paper.init();
        assertEquals(reference, PaperModel.trainableParameters(model),
                paper.modelName() + " with " + paper.getNumClasses() + " classes");
        model.close();
    }

    /**
     * The language models and GNMT-8 differ from PyTorch's only by the LSTM biases: DL4J has one per gate, PyTorch
     * two (b_ih + b_hh, redundant). GNMT-8 is counted on its configuration (160 million parameters).
     */
    @Test
    void recurrentCountsEqualTheReferencesLessThePyTorchSecondBias() {
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
        two.close();
        long gnmt8Reference = 160_671_297;           // NVIDIA GNMT v2, vocabulary 32,320, shared embedding
        long lstmDirections = 2 + 3 + 4;             // encoder: bidirectional + 3; decoder: 4
        long gnmt8 = 0;
        for (GraphVertex vertex : Gnmt.gnmt8(32_320).conf().getVertices().values()) {
            gnmt8 += vertex.numParams(true);
        }
        assertEquals(gnmt8Reference - lstmDirections * 4 * 1024, gnmt8, "GNMT-8");
        // the attention vertex's parameters count (ComputationGraph.numParams() counts the layers' only)
        ComputationGraph light = ZooModels.lightGnmt().init();
        long attention = 2 * 16 * 16 + 16 + 1 + 16;
        assertEquals(light.numParams() + attention, light.params().length());
        assertEquals(light.params().length(), PaperModel.trainableParameters(light));
        light.close();
    }

    static Stream<ZooModel<?>> allModels() {
        return Stream.of(ZooModels.dl4jZoo(), ZooModels.paperModels(), ZooModels.fullSizePaperModels())
                .flatMap(List::stream);
    }

    /** Configuration level (no weights allocated): the updater is replaced on every trainable parameter. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allModels")
    void updaterReplacedOnEveryLayer(ZooModel<?> zoo) throws Exception {
        XAdam updater = new XAdam(2e-3, 3);
        Object conf = XGradZoo.configuration(zoo);
        List<TrainingConfig> trainables = new ArrayList<>();
        if (conf instanceof MultiLayerConfiguration mlc) {
            XGradZoo.withUpdater(mlc, updater).getConfs().forEach(c -> trainables.add(c.getLayer()));
        } else {
            for (GraphVertex v : XGradZoo.withUpdater((ComputationGraphConfiguration) conf, updater).getVertices()
                    .values()) {
                if (v instanceof LayerVertex lv) {
                    trainables.add(lv.getLayerConf().getLayer());
                } else if (v instanceof SameDiffVertex sd) {
                    trainables.add(sd);
                }
            }
        }
        int checked = 0;
        for (TrainingConfig trainable : trainables) {
            checked += checkLayer(trainable, updater, zoo.modelName());
        }
        assertTrue(checked > 0, zoo.modelName() + ": no trainable parameter found");
    }

    private static int checkLayer(TrainingConfig layer, IUpdater updater, String model) {
        if (layer instanceof FrozenLayer) {
            return 0;
        }
        if (layer instanceof SameDiffVertex vertex) {
            assertNull(vertex.getBiasUpdater(), model + "/" + layer.getLayerName() + ": bias updater");
            for (String param : vertex.getVertexParams().getParameterKeys()) {
                assertEquals(updater, vertex.getUpdaterByParam(param), model + "/" + layer.getLayerName() + "/"
                        + param);
            }
            return vertex.getVertexParams().getParameterKeys().size();
        }
        int checked = 0;
        for (String param : ((Layer) layer).initializer().paramKeys((Layer) layer)) {
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
        XGradZoo.forEachTrainingConfig(model, layer -> checkLayer(layer, updater, name));
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
