package org.xgrad.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.zoo.ModelMetaData;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.ZooType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.xgrad.updaters.internal.Arguments;
import org.xgrad.updaters.XSgdm;

import java.util.Map;

/**
 * Base of the XGrad paper's benchmark models that DL4J's zoo lacks. They are {@link ZooModel}s, so
 * {@link XGradZoo#init} treats them like any zoo model; {@code conf()} gives the configuration, {@link #init()} the
 * initialized network with the configured updater (default {@code XSgdm(0.1, 1)}, the paper's SGDM setting).
 *
 * @param <C> the configuration type (MultiLayerConfiguration or ComputationGraphConfiguration)
 */
public abstract class PaperModel<C> extends ZooModel<PaperModel<C>> {

    /** The seed of the weights' initialization. */
    protected long seed = 1234;
    /** The input shape: [channels, height, width] for images, [1, vocabulary] for text. */
    protected int[] inputShape;
    /** The number of classes (the vocabulary for text). */
    protected int numClasses;
    /** The updater of every layer. */
    protected IUpdater updater = new XSgdm(0.1, 1);
    /** The network's data type. */
    protected DataType dataType = DataType.FLOAT;
    /** DL4J's workspace mode (training and inference). */
    protected WorkspaceMode workspaceMode = WorkspaceMode.ENABLED;
    /** DL4J's cache mode. */
    protected CacheMode cacheMode = CacheMode.NONE;
    /** The L2 penalty λ on weights and biases (0: none). */
    protected double l2;

    /** For inputs of {@code inputShape} and {@code numClasses} classes. */
    protected PaperModel(int[] inputShape, int numClasses) {
        String model = getClass().getSimpleName();
        Arguments.notNull(inputShape, model, "inputShape");
        for (int size : inputShape) {
            Arguments.atLeast(size, 1, model, "every inputShape entry");
        }
        this.inputShape = inputShape.clone();
        this.numClasses = Arguments.atLeast(numClasses, 2, model, "numClasses");
    }

    /** @return the network configuration. */
    public abstract C conf();

    /**
     * Shared defaults of every layer: seed, data type, updater, ReLU weight init, workspace and cache modes, and the
     * L2 penalty on weights and biases (PyTorch's coupled {@code weight_decay}).
     */
    protected NeuralNetConfiguration.Builder base() {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType)
                .updater(updater).weightInit(WeightInit.RELU).trainingWorkspaceMode(workspaceMode)
                .inferenceWorkspaceMode(workspaceMode).cacheMode(cacheMode);
        return l2 > 0 ? b.l2(l2).l2Bias(l2) : b;
    }

    /** @return this model, its weights initialized with {@code seed} */
    @SuppressWarnings("unchecked")
    public <T extends PaperModel<C>> T seed(long seed) {
        this.seed = seed;
        return (T) this;
    }

    /** @return this model, with {@code updater} on every layer */
    @SuppressWarnings("unchecked")
    public <T extends PaperModel<C>> T updater(IUpdater updater) {
        this.updater = updater;
        return (T) this;
    }

    /** L2 penalty coefficient on weights and biases (gradient += l2·θ), 0 = none. */
    @SuppressWarnings("unchecked")
    public <T extends PaperModel<C>> T l2(double l2) {
        this.l2 = l2;
        return (T) this;
    }

    /** @return this model, in {@code dataType} */
    @SuppressWarnings("unchecked")
    public <T extends PaperModel<C>> T dataType(DataType dataType) {
        this.dataType = dataType;
        return (T) this;
    }

    /** @return this model, with DL4J's workspace mode {@code workspaceMode} */
    @SuppressWarnings("unchecked")
    public <T extends PaperModel<C>> T workspaceMode(WorkspaceMode workspaceMode) {
        this.workspaceMode = workspaceMode;
        return (T) this;
    }

    /** @return a copy of the input shape */
    public int[] getInputShape() { return inputShape.clone(); }

    /** @return the number of classes (the vocabulary for text) */
    public int getNumClasses() { return numClasses; }

    @Override
    @SuppressWarnings("unchecked")
    public <M extends Model> M init() {
        Object conf = conf();
        if (conf instanceof org.deeplearning4j.nn.conf.MultiLayerConfiguration) {
            MultiLayerNetwork net = new MultiLayerNetwork((org.deeplearning4j.nn.conf.MultiLayerConfiguration) conf);
            net.init();
            return (M) net;
        }
        ComputationGraph graph = new ComputationGraph((org.deeplearning4j.nn.conf.ComputationGraphConfiguration) conf);
        graph.init();
        return (M) graph;
    }

    @Override
    public void setInputShape(int[][] inputShape) {
        this.inputShape = inputShape[0].clone();
    }

    @Override
    @Deprecated
    public ModelMetaData metaData() { return new ModelMetaData(new int[][] {inputShape}, 1, ZooType.CNN); }

    @Override
    public String pretrainedUrl(PretrainedType pretrainedType) { return null; }

    @Override
    public long pretrainedChecksum(PretrainedType pretrainedType) { return 0; }

    /**
     * @return the number of parameters trained by gradient: all parameters except those whose updater is NoOp or
     * absent (batch-normalization running statistics, frozen layers) — the count PyTorch reports as parameters
     */
    public static long trainableParameters(Model model) {
        long count = 0;
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
                count += trainable(layer.paramTable(), layer.getConfig());
            }
        } else {
            // every vertex, not only the layers: a SameDiff vertex has parameters but is no layer
            for (org.deeplearning4j.nn.graph.vertex.GraphVertex vertex : ((ComputationGraph) model).getVertices()) {
                count += vertex.hasLayer() ? trainable(vertex.getLayer().paramTable(), vertex.getLayer().getConfig())
                        : trainable(vertex.paramTable(false), vertex.getConfig());
            }
        }
        return count;
    }

    private static long trainable(Map<String, org.nd4j.linalg.api.ndarray.INDArray> params,
                                  org.deeplearning4j.nn.api.TrainingConfig config) {
        long count = 0;
        for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> p : params.entrySet()) {
            IUpdater u = config.getUpdaterByParam(p.getKey());
            if (u != null && !(u instanceof NoOp)) {
                count += p.getValue().length();
            }
        }
        return count;
    }

}
