package org.xgrad.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.xgrad.listeners.XGrad;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XWrapped;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.junit.jupiter.params.provider.CsvSource;
import org.xgrad.updaters.XGradientUpdater;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xgrad.spark.SparkTestSupport.RecordingHook;
import static org.xgrad.spark.SparkTestSupport.PredictionProbe;

/** ParameterAveragingTrainingMaster with X-updaters and {@link XGradSpark#enablePrediction}. */
class ParameterAveragingTest {

    /** Equivalence tolerance (DOUBLE): the worker runs the same DL4J code on the same numbers. */
    static final double TOLERANCE = 1e-12;
    static final int BATCH = 8;
    static final double LR = 0.05;

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTestSupport.context("xgrad-parameter-averaging-test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    static ParameterAveragingTrainingMaster master(int workers, int averagingFrequency, RecordingHook hook) {
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(workers, BATCH)
                .batchSizePerWorker(BATCH).averagingFrequency(averagingFrequency).workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(workers == 1 ? Repartition.Never : Repartition.Always)
                .saveUpdater(true).rngSeed(12345).build();
        tm.addHook(hook);
        return tm;
    }

    /**
     * One worker, averaging after every minibatch: k rounds of broadcast → worker fit → average equal k local
     * {@code fit} calls on the minibatches in the order the worker saw them, with and without prediction. The
     * driver's network then holds the worker's last true θ (not θ̂).
     */
    @ParameterizedTest(name = "steps = {0}, wrapped = {1}")
    @CsvSource({"0, false", "1, false", "2, false", "1, true"})
    void oneWorkerEqualsLocalFit(int steps, boolean wrapped) {
        String run = "equivalence-" + steps + "-" + wrapped;
        IUpdater updater = wrapped ? new XWrapped(new Nesterovs(LR, 0.9), steps)
                : steps == 0 ? new Adam(LR) : new XAdam(LR, steps);
        List<DataSet> data = SparkTestSupport.blobs(12, BATCH, 3);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, SparkTestSupport.mlp(updater),
                master(1, 1, new RecordingHook(run)));
        if (steps > 0) {
            XGradSpark.enablePrediction(sparkNet, new PredictionProbe(run));
        }
        MultiLayerNetwork local = SparkTestSupport.network(SparkTestSupport.mlp(updater));
        if (steps > 0) {
            XGrad.enablePrediction(local);
        }
        assertEquals(0.0, SparkTestSupport.maxAbsDiff(local.params(), sparkNet.getNetwork().params()));

        JavaRDD<DataSet> rdd = sc.parallelize(data, 1);
        sparkNet.fit(rdd);
        sparkNet.fit(rdd); // a second epoch: state and iteration count carried by the driver across fit calls

        List<DataSet> seen = new ArrayList<>(RecordingHook.minibatches(run));
        assertEquals(2 * data.size(), seen.size(), "every minibatch trained once per epoch");
        for (DataSet minibatch : seen) {
            local.fit(minibatch);
        }
        double error = SparkTestSupport.maxAbsDiff(local.params(), sparkNet.getNetwork().params());
        System.out.printf("SPARK-EQUIVALENCE parameter averaging, 1 worker, %s, %d minibatches: "
                + "max|θ_spark − θ_local| = %.3e%n", updater, seen.size(), error);
        assertTrue(error <= TOLERANCE, "Spark vs local fit: " + error);
        double stateError = SparkTestSupport.maxAbsDiff(local.getUpdater().getStateViewArray(),
                sparkNet.getNetwork().getUpdater().getStateViewArray());
        assertTrue(stateError <= TOLERANCE, "optimizer state, Spark vs local: " + stateError);
        assertEquals(seen.size(), sparkNet.getNetwork().getIterationCount(), "driver's iteration count");

        Queue<INDArray> workerTheta = RecordingHook.paramsAfter(run);
        INDArray lastTrue = workerTheta.stream().reduce((a, b) -> b).orElseThrow();
        assertEquals(0.0, SparkTestSupport.maxAbsDiff(lastTrue, SparkTestSupport.flat(sparkNet.getNetwork())),
                "the driver holds the worker's last true θ");
        if (steps > 0) {
            List<Double> distances = new ArrayList<>(PredictionProbe.distances(run));
            assertEquals(seen.size(), distances.size());
            assertEquals(0.0, distances.get(0), "first iteration: empty state, nothing predicted");
            assertTrue(distances.stream().skip(1).allMatch(d -> d > 1e-4),
                    "every later forward pass on the worker ran at θ̂ ≠ θ: " + distances);
        }
    }

    /**
     * Without the listener, the X-updater alone would average θ̂: the test above would fail; this pins why, and that
     * the workers say so.
     */
    @Test
    void withoutEnablePredictionTheDriverWouldHoldPredictedWeightsAndWorkersWarn() {
        String run = "updater-only";
        List<DataSet> data = SparkTestSupport.blobs(6, BATCH, 4);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, SparkTestSupport.mlp(new XAdam(LR, 2)),
                master(1, 1, new RecordingHook(run)));
        Logger logger = (Logger) LoggerFactory.getLogger(XGradientUpdater.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            sparkNet.fit(sc.parallelize(data, 1));
        } finally {
            logger.detachAppender(appender);
        }
        assertTrue(appender.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("XGradSpark.enablePrediction")), "the worker warned");
        MultiLayerNetwork local = SparkTestSupport.network(SparkTestSupport.mlp(new XAdam(LR, 2)));
        XGrad.enablePrediction(local);
        RecordingHook.minibatches(run).forEach(local::fit);
        assertFalse(SparkTestSupport.maxAbsDiff(local.params(), sparkNet.getNetwork().params()) < 1e-6,
                "updater-only mode leaves θ̂ in the averaged network");
    }

    /** Two workers, averaging every 2 minibatches, MultiLayerNetwork and ComputationGraph. */
    @ParameterizedTest(name = "graph = {0}")
    @ValueSource(booleans = {false, true})
    void twoWorkersLearnWithPredictionOnEveryWorker(boolean graph) {
        String run = "two-workers-" + graph;
        List<DataSet> data = SparkTestSupport.blobs(32, BATCH, 5);
        DataSet all = DataSet.merge(data);
        ParameterAveragingTrainingMaster tm = master(2, 2, new RecordingHook(run));
        JavaRDD<DataSet> rdd = sc.parallelize(data, 2);
        SparkTestSupport.SparkNet sparkNet = SparkTestSupport.sparkNet(sc, graph, new XAdam(LR, 1), tm,
                new PredictionProbe(run));
        double before = sparkNet.score(all);
        for (int epoch = 0; epoch < 3; epoch++) {
            sparkNet.fitEpoch().accept(rdd);
        }
        double after = sparkNet.score(all);
        List<Double> distances = new ArrayList<>(PredictionProbe.distances(run));
        long predicted = distances.stream().filter(d -> d > 1e-6).count();
        System.out.printf("SPARK parameter averaging, 2 workers, %s: loss %.4f → %.4f, %d of %d worker iterations "
                + "at θ̂%n", graph ? "ComputationGraph" : "MultiLayerNetwork", before, after, predicted, distances.size());
        assertTrue(after < 0.7 * before, "training loss must drop by 30 %: " + before + " → " + after);
        assertEquals(RecordingHook.minibatches(run).size(), distances.size(), "the probe saw every worker iteration");
        assertTrue(predicted >= distances.size() - 2, "all worker iterations but the very first ones run at θ̂");
    }

    /** From minibatch files ({@code fitPaths}), 1 worker: local {@code fit} on the same minibatches, exactly. */
    @Test
    void oneWorkerFromPathsEqualsLocalFit(@org.junit.jupiter.api.io.TempDir java.io.File dir) {
        String run = "paths";
        List<DataSet> data = SparkTestSupport.blobs(12, BATCH, 11);
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, SparkTestSupport.mlp(new XAdam(LR, 1)),
                master(1, 1, new RecordingHook(run)));
        XGradSpark.enablePrediction(sparkNet, new PredictionProbe(run));
        MultiLayerNetwork local = SparkTestSupport.network(SparkTestSupport.mlp(new XAdam(LR, 1)));
        XGrad.enablePrediction(local);
        JavaRDD<String> paths = sc.parallelize(SparkTestSupport.save(data, dir), 1);
        sparkNet.fitPaths(paths);
        sparkNet.fitPaths(paths);
        List<DataSet> seen = new ArrayList<>(RecordingHook.minibatches(run));
        assertEquals(2 * data.size(), seen.size());
        seen.forEach(local::fit);
        double error = SparkTestSupport.maxAbsDiff(local.params(), sparkNet.getNetwork().params());
        System.out.printf("SPARK-PATHS parameter averaging from files, 1 worker: max|θ_spark − θ_local| = %.3e%n", error);
        assertTrue(error <= TOLERANCE, "fitPaths vs local fit: " + error);
        List<Double> distances = new ArrayList<>(PredictionProbe.distances(run));
        assertTrue(distances.stream().skip(1).allMatch(d -> d > 1e-4), "every later iteration at θ̂: " + distances);
        INDArray lastTrue = RecordingHook.paramsAfter(run).stream().reduce((a, b) -> b).orElseThrow();
        assertEquals(0.0, SparkTestSupport.maxAbsDiff(lastTrue, SparkTestSupport.flat(sparkNet.getNetwork())),
                "the driver holds the worker's last true θ");
    }

    /** Wrong arguments: one error naming the argument; the driver's network is not touched. */
    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XGradSpark.enablePrediction((SparkDl4jMultiLayer) null));
        assertEquals("XGradSpark.enablePrediction: sparkNet must not be null", e.getMessage());
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, SparkTestSupport.mlp(new XAdam(LR, 1)),
                master(1, 1, new RecordingHook("bad-arguments")));
        INDArray before = sparkNet.getNetwork().params().dup();
        e = assertThrows(IllegalArgumentException.class, () -> XGradSpark.enablePrediction(sparkNet,
                new PredictionProbe("bad-arguments"), null));
        assertEquals("XGradSpark.enablePrediction: listeners[1] must not be null", e.getMessage());
        assertEquals(0.0, SparkTestSupport.maxAbsDiff(before, sparkNet.getNetwork().params()));
    }
}
