package org.xgrad.spark;

import org.xgrad.testing.Diff;
import org.xgrad.testing.TinyMlp;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Local-mode Spark for tests: loopback only, no UI. Workers run in this JVM, so the probes below report through
 * static queues keyed by a run name (listeners and hooks reach the workers as serialized copies).
 */
final class SparkTestSupport {

    static final int IN = TinyMlp.IN;
    static final int HIDDEN = 6;
    static final int OUT = TinyMlp.OUT;

    private SparkTestSupport() {
    }

    static JavaSparkContext context(String appName) {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName(appName)
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        return new JavaSparkContext(conf);
    }

    static MultiLayerConfiguration mlp(IUpdater updater) { return TinyMlp.configuration(updater, HIDDEN); }

    static ComputationGraphConfiguration graph(IUpdater updater) { return TinyMlp.graph(updater, HIDDEN); }

    /** Three Gaussian blobs (class-dependent means): a task the network learns within a few dozen steps. */
    static List<org.nd4j.linalg.dataset.DataSet> blobs(int count, int batchSize, long seed) {
        return TinyMlp.batches(count, batchSize, seed, 1.5);
    }

    static double maxAbsDiff(INDArray a, INDArray b) { return Diff.maxAbs(a, b); }

    static INDArray flat(Model model) {
        return model.params().dup().reshape(model.params().length());
    }

    /**
     * Registered after the {@code WeightPredictionListener}: copies the parameters in the forward pass (θ̂ when the
     * prediction ran) and, in the backward pass (after XGrad restored θ), records max |θ̂ − θ| per iteration.
     */
    static final class PredictionProbe extends BaseTrainingListener implements java.io.Serializable {
        static final Map<String, Queue<Double>> DISTANCES = new ConcurrentHashMap<>();
        private final String run;
        private transient INDArray forward;

        PredictionProbe(String run) {
            this.run = run;
        }

        static Queue<Double> distances(String run) {
            return DISTANCES.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>());
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            forward = flat(model);
        }

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            forward = flat(model);
        }

        @Override
        public void onBackwardPass(Model model) {
            distances(run).add(maxAbsDiff(forward, flat(model)));
        }
    }

    /** Records what each worker trained on, and its true parameters after each minibatch. */
    static final class RecordingHook implements TrainingHook {
        static final Map<String, Queue<org.nd4j.linalg.dataset.DataSet>> MINIBATCHES = new ConcurrentHashMap<>();
        static final Map<String, Queue<INDArray>> PARAMS_AFTER = new ConcurrentHashMap<>();
        private final String run;

        RecordingHook(String run) {
            this.run = run;
        }

        static Queue<org.nd4j.linalg.dataset.DataSet> minibatches(String run) {
            return MINIBATCHES.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>());
        }

        static Queue<INDArray> paramsAfter(String run) {
            return PARAMS_AFTER.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>());
        }

        @Override
        public void preUpdate(DataSet minibatch, Model model) {
            org.nd4j.linalg.dataset.DataSet ds = (org.nd4j.linalg.dataset.DataSet) minibatch;
            minibatches(run).add(new org.nd4j.linalg.dataset.DataSet(ds.getFeatures().dup(), ds.getLabels().dup()));
        }

        @Override
        public void postUpdate(DataSet minibatch, Model model) {
            paramsAfter(run).add(flat(model));
        }

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            minibatches(run).add(new org.nd4j.linalg.dataset.DataSet(minibatch.getFeatures(0).dup(),
                    minibatch.getLabels(0).dup()));
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
            paramsAfter(run).add(flat(model));
        }
    }

    /** A Spark network with prediction enabled: its driver-side network, and fit for one epoch. */
    record SparkNet(Supplier<Model> driverNetwork, Consumer<JavaRDD<org.nd4j.linalg.dataset.DataSet>> fitEpoch,
                    Consumer<JavaRDD<String>> fitPaths) {
        double score(org.nd4j.linalg.dataset.DataSet data) {
            return driverNetwork.get() instanceof ComputationGraph g ? g.score(data)
                    : ((MultiLayerNetwork) driverNetwork.get()).score(data);
        }
    }

    /**
     * The test MLP as a {@code SparkComputationGraph} ({@code graph}) or {@code SparkDl4jMultiLayer}, with
     * {@link XGradSpark#enablePrediction} and {@code listeners} on the workers.
     */
    static SparkNet sparkNet(JavaSparkContext sc, boolean graph, IUpdater updater, TrainingMaster<?, ?> tm,
                             TrainingListener... listeners) {
        if (graph) {
            SparkComputationGraph net = new SparkComputationGraph(sc, graph(updater), tm);
            XGradSpark.enablePrediction(net, listeners);
            return new SparkNet(net::getNetwork, net::fit, net::fitPaths);
        }
        SparkDl4jMultiLayer net = new SparkDl4jMultiLayer(sc, mlp(updater), tm);
        XGradSpark.enablePrediction(net, listeners);
        return new SparkNet(net::getNetwork, net::fit, net::fitPaths);
    }

    /** The minibatches as files ({@code DataSet.save}), for {@code fitPaths}: their paths in order. */
    static List<String> save(List<org.nd4j.linalg.dataset.DataSet> batches, java.io.File dir) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            java.io.File file = new java.io.File(dir, "minibatch-" + i + ".bin");
            batches.get(i).save(file);
            paths.add(file.getAbsolutePath());
        }
        return paths;
    }

    static MultiLayerNetwork network(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static ComputationGraph network(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }
}
