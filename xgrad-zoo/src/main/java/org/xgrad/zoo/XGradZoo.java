package org.xgrad.zoo;

import org.apache.commons.io.FileUtils;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.nd4j.linalg.learning.config.IUpdater;
import org.xgrad.listeners.XGrad;
import org.xgrad.updaters.internal.Arguments;
import org.xgrad.updaters.XUpdater;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.util.function.Consumer;

/**
 * One call from a DL4J {@link ZooModel} (or one of this module's paper models) to a network that trains with an
 * X-updater and weight prediction.
 *
 * <pre>
 * MultiLayerNetwork net = XGradZoo.init(LeNet.builder().numClasses(10).build(), new XAdam(1));
 * ComputationGraph resnet = XGradZoo.init(ResNetCifar.resNet18(10), new XSgdm(0.1, 1));
 * </pre>
 *
 * <p>The updater replaces the configured one on every layer and graph vertex that has trainable parameters,
 * including layers whose updater the zoo set explicitly and bias updaters (biases then share the weights' updater).
 * Layers without parameters have no updater and stay so. Parameters that DL4J never trains by gradient keep their
 * {@code NoOp}: frozen layers ({@code FrozenLayer}, {@code FrozenLayerWithBackprop}) and batch-normalization running
 * statistics. Every other setting of the zoo model (input shape, classes, seed, workspace and cache modes) is kept;
 * the initial weights are those the zoo model would produce with its seed.
 */
public final class XGradZoo {

    /** Connect and read timeout of pretrained-weight downloads. */
    public static final int DOWNLOAD_TIMEOUT_MILLIS = 10_000;

    private XGradZoo() {
    }

    /**
     * @return the zoo model's network, initialized, with {@code updater} on every trainable layer and, for X-updaters,
     * weight prediction installed ({@link XGrad#enablePrediction}); typed as the model's network class
     */
    @SuppressWarnings("unchecked")
    public static <M extends Model> M init(ZooModel<?> zoo, IUpdater updater) {
        Arguments.notNull(zoo, "XGradZoo.init", "zoo");
        Arguments.notNull(updater, "XGradZoo.init", "updater");
        Object conf = configuration(zoo);
        Model model;
        if (conf instanceof MultiLayerConfiguration) {
            MultiLayerConfiguration mlc = (MultiLayerConfiguration) conf;
            MultiLayerNetwork net = new MultiLayerNetwork(withUpdater(mlc, updater));
            net.init();
            model = net;
        } else {
            ComputationGraph graph = new ComputationGraph(withUpdater((ComputationGraphConfiguration) conf, updater));
            graph.init();
            model = graph;
        }
        enablePrediction(model, updater);
        return (M) model;
    }

    /**
     * Pretrained weights with {@code updater} everywhere. The weights come from DL4J's local model cache; if they are
     * not there they are downloaded with {@value #DOWNLOAD_TIMEOUT_MILLIS} ms connect/read timeouts, so an offline
     * machine gets a clear {@link IOException} at once instead of a hang.
     */
    @SuppressWarnings("unchecked")
    public static <M extends Model> M initPretrained(ZooModel<?> zoo, PretrainedType type, IUpdater updater)
            throws IOException {
        Arguments.notNull(zoo, "XGradZoo.initPretrained", "zoo");
        Arguments.notNull(type, "XGradZoo.initPretrained", "type");
        Arguments.notNull(updater, "XGradZoo.initPretrained", "updater");
        String url = zoo.pretrainedUrl(type);
        if (url == null) {
            throw new UnsupportedOperationException(zoo.modelName() + " has no pretrained " + type + " weights");
        }
        File cached = new File(DL4JResources.getDirectory(ResourceType.ZOO_MODEL, zoo.modelName()),
                new File(url).getName());
        if (!cached.exists()) {
            try {
                FileUtils.copyURLToFile(new URL(url), cached, DOWNLOAD_TIMEOUT_MILLIS, DOWNLOAD_TIMEOUT_MILLIS);
            } catch (IOException e) {
                FileUtils.deleteQuietly(cached);
                throw new IOException("Pretrained " + type + " weights of " + zoo.modelName() + " are not in the local"
                        + " cache (" + cached + ") and could not be downloaded from " + url + " (" + e + "). Offline,"
                        + " copy the file there from a machine that has it.", e);
            }
        }
        Model model = zoo.initPretrained(type);
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            MultiLayerNetwork copy = new MultiLayerNetwork(withUpdater(net.getLayerWiseConfigurations(), updater));
            copy.init(net.params(), true);
            model = copy;
        } else {
            ComputationGraph graph = (ComputationGraph) model;
            ComputationGraph copy = new ComputationGraph(withUpdater(graph.getConfiguration(), updater));
            copy.init(graph.params(), true);
            model = copy;
        }
        enablePrediction(model, updater);
        return (M) model;
    }

    /** @return a copy of {@code conf} with {@code updater} on every trainable layer (see the class documentation). */
    public static MultiLayerConfiguration withUpdater(MultiLayerConfiguration conf, IUpdater updater) {
        Arguments.notNull(conf, "XGradZoo.withUpdater", "conf");
        Arguments.notNull(updater, "XGradZoo.withUpdater", "updater");
        MultiLayerConfiguration copy = conf.clone();
        for (NeuralNetConfiguration layerConf : copy.getConfs()) {
            replaceUpdater(layerConf.getLayer(), updater);
        }
        return copy;
    }

    /** @return a copy of {@code conf} with {@code updater} on every trainable layer and SameDiff vertex. */
    public static ComputationGraphConfiguration withUpdater(ComputationGraphConfiguration conf, IUpdater updater) {
        Arguments.notNull(conf, "XGradZoo.withUpdater", "conf");
        Arguments.notNull(updater, "XGradZoo.withUpdater", "updater");
        ComputationGraphConfiguration copy = conf.clone();
        for (GraphVertex vertex : copy.getVertices().values()) {
            if (vertex instanceof LayerVertex) {
                LayerVertex lv = (LayerVertex) vertex;
                replaceUpdater(lv.getLayerConf().getLayer(), updater);
            } else if (vertex instanceof SameDiffVertex) {
                SameDiffVertex sd = (SameDiffVertex) vertex;
                sd.setUpdater(updater.clone());
                sd.setBiasUpdater(null);
            }
        }
        return copy;
    }

    /** Visits every layer configuration (wrapped layers included) and SameDiff vertex of a network. */
    static void forEachTrainingConfig(Model model, Consumer<TrainingConfig> visitor) {
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            for (NeuralNetConfiguration c : net.getLayerWiseConfigurations().getConfs()) {
                visit(c.getLayer(), visitor);
            }
        } else {
            for (GraphVertex v : ((ComputationGraph) model).getConfiguration().getVertices().values()) {
                if (v instanceof LayerVertex) {
                    LayerVertex lv = (LayerVertex) v;
                    visit(lv.getLayerConf().getLayer(), visitor);
                } else if (v instanceof SameDiffVertex) {
                    SameDiffVertex sd = (SameDiffVertex) v;
                    visitor.accept(sd);
                }
            }
        }
    }

    private static void visit(Layer layer, Consumer<TrainingConfig> visitor) {
        visitor.accept(layer);
        if (layer instanceof Bidirectional) {
            Bidirectional b = (Bidirectional) layer;
            visit(b.getFwd(), visitor);
            visit(b.getBwd(), visitor);
        } else if (layer instanceof BaseWrapperLayer) {
            BaseWrapperLayer w = (BaseWrapperLayer) layer;
            visit(w.getUnderlying(), visitor);
        }
    }

    private static void replaceUpdater(Layer layer, IUpdater updater) {
        if (layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop) {
            return;
        }
        if (layer instanceof Bidirectional) {
            Bidirectional b = (Bidirectional) layer;
            replaceUpdater(b.getFwd(), updater);
            replaceUpdater(b.getBwd(), updater);
        } else if (layer instanceof BaseWrapperLayer) {
            BaseWrapperLayer w = (BaseWrapperLayer) layer;
            replaceUpdater(w.getUnderlying(), updater);
        } else if (layer instanceof BaseLayer) {
            BaseLayer base = (BaseLayer) layer;
            base.setIUpdater(updater.clone());
            base.setBiasUpdater(null);
        } else if (layer instanceof AbstractSameDiffLayer) {
            AbstractSameDiffLayer sd = (AbstractSameDiffLayer) layer;
            sd.setUpdater(updater.clone());
            sd.setBiasUpdater(null);
        }
    }

    /** The zoo model's configuration, without allocating weights where the model allows it. */
    static Object configuration(ZooModel<?> zoo) {
        try {
            for (String method : new String[] {"conf", "graphBuilder"}) {
                try {
                    Object conf = zoo.getClass().getMethod(method).invoke(zoo);
                    if (conf instanceof ComputationGraphConfiguration.GraphBuilder) {
                        ComputationGraphConfiguration.GraphBuilder builder = (ComputationGraphConfiguration.GraphBuilder) conf;
                        if (builder.getNetworkInputs().isEmpty()) {
                            // as these models' own init() does
                            int[] shape = zoo.metaData().getInputShape()[0];
                            builder.addInputs("input")
                                    .setInputTypes(InputType.convolutional(shape[2], shape[1], shape[0]));
                        }
                        return builder.build();
                    }
                    return conf;
                } catch (NoSuchMethodException e) {
                    // try the next way
                }
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot build the configuration of " + zoo.modelName(), e);
        }
        Model model = zoo.init();
        return model instanceof MultiLayerNetwork ? ((MultiLayerNetwork) model).getLayerWiseConfigurations()
                : ((ComputationGraph) model).getConfiguration();
    }

    private static void enablePrediction(Model model, IUpdater updater) {
        if (updater instanceof XUpdater) {
            XGrad.enablePrediction(model);
        }
    }
}
