package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.xgrad.updaters.XUpdater;

import java.io.File;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A network trained with X-updaters, made loadable where the xgrad jars are absent: the same configuration with every
 * X-updater replaced by its stock DL4J twin ({@link XUpdater#stockTwin()}: XAdam → Adam, XAdamW → Adam, XNadam →
 * Nadam, XRmsProp → RmsProp, XWrapped → the updater it wraps …; XSgdm's heavy-ball momentum has no DL4J twin and becomes
 * {@code Sgd} with its learning rate), the true weights θ, and per updater block the stock part of the state (Adam's
 * m and v, DL4J's iteration and epoch counters) so that training can go on with the stock optimizer. XGrad's own
 * state (steps taken, the applied prediction, the extra arrays some optimizers keep) is dropped.
 */
final class StockUpdaters {

    private static final String TYPE = "@class";
    private static final String XGRAD_PACKAGE = XUpdater.class.getPackageName() + ".";

    private StockUpdaters() {
    }

    static Model convert(Model model) {
        INDArray theta = XGrad.trueParams(model);
        Model stock;
        if (model instanceof MultiLayerNetwork) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            MultiLayerNetwork copy = new MultiLayerNetwork(
                    MultiLayerConfiguration.fromJson(stockJson(net.getLayerWiseConfigurations().toJson())));
            copy.init(theta, false);
            stock = copy;
        } else if (model instanceof ComputationGraph) {
            ComputationGraph graph = (ComputationGraph) model;
            ComputationGraph copy = new ComputationGraph(
                    ComputationGraphConfiguration.fromJson(stockJson(graph.getConfiguration().toJson())));
            copy.init(theta, false);
            stock = copy;
        } else {
            throw new IllegalArgumentException("XGrad.toStockUpdaters: model must be a MultiLayerNetwork or a "
                    + "ComputationGraph, got " + (model == null ? "null" : model.getClass().getName()));
        }
        copyStockState(updater(model), updater(stock));
        return stock;
    }

    static void export(Model model, File file) throws IOException {
        ModelSerializer.writeModel(convert(model), file, true);
    }

    private static Updater updater(Model model) {
        return model instanceof MultiLayerNetwork ? ((MultiLayerNetwork) model).getUpdater(true)
                : ((ComputationGraph) model).getUpdater(true);
    }

    /** The configuration's JSON with each X-updater object replaced by its stock twin's. */
    static String stockJson(String json) {
        try {
            ObjectMapper mapper = NeuralNetConfiguration.mapper();
            JsonNode tree = mapper.readTree(json);
            replace(tree, mapper);
            return mapper.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException("XGrad.toStockUpdaters: cannot rewrite the configuration: " + e, e);
        }
    }

    private static void replace(JsonNode node, ObjectMapper mapper) throws IOException {
        if (node instanceof ObjectNode) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (value.isObject() && value.path(TYPE).asText().startsWith(XGRAD_PACKAGE)) {
                    IUpdater x = mapper.treeToValue(value, IUpdater.class);
                    field.setValue(mapper.valueToTree(twin(x)));
                } else {
                    replace(value, mapper);
                }
            }
        } else if (node instanceof ArrayNode) {
            for (JsonNode element : node) {
                replace(element, mapper);
            }
        }
    }

    /** @return the stock configuration an X-updater becomes; other updaters stay */
    static IUpdater twin(IUpdater updater) {
        if (!(updater instanceof XUpdater)) {
            return updater;
        }
        IUpdater twin = ((XUpdater) updater).stockTwin();
        if (twin != null) {
            return twin;
        }
        Sgd sgd = new Sgd(updater.getLearningRate(0, 0)); // XSgdm: DL4J has no heavy-ball momentum
        sgd.setLrAndSchedule(updater.getLearningRate(0, 0), ((XUpdater) updater).getLearningRateSchedule());
        return sgd;
    }

    /**
     * Copies the stock state into the converted network's blocks. A stock state over n parameters is k arrays of n
     * values, one after the other (Adam: m then v; k = stateSize / n); an X-updater block's view starts with that
     * layout over its own parameters ({@code [stock | extras | scalars]}). Each target block over parameters
     * [a, b) takes, for every source block over [c, d) inside it, array j's values into its own array j at
     * offset c − a (blocks that DL4J merges once the X-updaters are gone take their parts from several sources).
     */
    private static void copyStockState(Updater from, Updater to) {
        if (!(from instanceof BaseMultiLayerUpdater) || !(to instanceof BaseMultiLayerUpdater)) {
            return;
        }
        List<UpdaterBlock> sources = ((BaseMultiLayerUpdater<?>) from).getUpdaterBlocks();
        for (UpdaterBlock target : ((BaseMultiLayerUpdater<?>) to).getUpdaterBlocks()) {
            INDArray into = flat(target.getUpdaterView());
            long n = target.getParamOffsetEnd() - target.getParamOffsetStart();
            if (into == null || into.length() == 0 || into.length() % n != 0) {
                continue;
            }
            long arrays = into.length() / n;
            for (UpdaterBlock source : sources) {
                INDArray state = flat(source.getUpdaterView());
                long m = source.getParamOffsetEnd() - source.getParamOffsetStart();
                long offset = source.getParamOffsetStart() - target.getParamOffsetStart();
                if (state == null || offset < 0 || source.getParamOffsetEnd() > target.getParamOffsetEnd()
                        || state.length() < arrays * m) {
                    continue;
                }
                for (long j = 0; j < arrays; j++) {
                    into.get(NDArrayIndex.interval(j * n + offset, j * n + offset + m))
                            .assign(state.get(NDArrayIndex.interval(j * m, j * m + m)));
                }
            }
        }
    }

    private static INDArray flat(INDArray view) {
        return view == null ? null : view.reshape(view.length());
    }
}
