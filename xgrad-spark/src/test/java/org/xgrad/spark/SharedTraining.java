package org.xgrad.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.repartitioner.EqualRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.transport.impl.StaticPortSupplier;
import org.xgrad.updaters.XAdam;

import java.io.Serializable;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xgrad.spark.SparkTestSupport.PredictionProbe;

/**
 * SharedTrainingMaster (gradient sharing) with X-updaters and {@link XGradSpark#enablePrediction}: two Spark workers
 * (local[2], two partitions) feed the executor's network, whose threshold-encoded updates go through DL4J's parameter
 * server (Aeron, loopback) to the driver. DL4J keeps one SharedTrainingWrapper and parameter server per JVM, so each
 * network type has its own test class (surefire forks a JVM per class in this module).
 */
abstract class SharedTraining {

    static final int BATCH = 8;
    static final double THRESHOLD = 1e-3;

    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTestSupport.context("xgrad-shared-training-test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    /** Records the worker network's true θ after every iteration (iterationDone runs after XGrad's restore). */
    static final class LastTheta extends BaseTrainingListener implements Serializable {
        static final Map<String, INDArray> LAST = new ConcurrentHashMap<>();
        private final String run;

        LastTheta(String run) {
            this.run = run;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            LAST.put(run, SparkTestSupport.flat(model));
        }
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Loopback only; free ports for the controller and the workers (DL4J's defaults are fixed ports). */
    static SharedTrainingMaster master() throws Exception {
        VoidConfiguration voidConfiguration = VoidConfiguration.builder()
                .unicastPort(freeUdpPort()).portSupplier(new StaticPortSupplier(freeUdpPort()))
                .controllerAddress("127.0.0.1").networkMask("127.0.0.0/8").build();
        return new SharedTrainingMaster.Builder(voidConfiguration, 2, new FixedThresholdAlgorithm(THRESHOLD), BATCH)
                .batchSizePerWorker(BATCH).rngSeed(12345).rddTrainingApproach(RDDTrainingApproach.Direct)
                // one partition per worker (DL4J's default makes one per minibatch): see SparkCommand
                .repartitioner(new EqualRepartitioner()).build();
    }

    /** The probes every worker gets besides the WeightPredictionListener. */
    static TrainingListener[] probes(String run) {
        return new TrainingListener[] {new PredictionProbe(run), new LastTheta(run)};
    }

    /** @return true to train a ComputationGraph, false for a MultiLayerNetwork */
    abstract boolean graph();

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoWorkersShareGradientsAndPredict() throws Exception {
        String run = getClass().getSimpleName();
        List<DataSet> data = SparkTestSupport.blobs(32, BATCH, 5);
        DataSet all = DataSet.merge(data);
        SparkTestSupport.SparkNet sparkNet = SparkTestSupport.sparkNet(sc, graph(), new XAdam(0.05, 1), master(),
                probes(run));
        double before = sparkNet.score(all);
        JavaRDD<DataSet> rdd = sc.parallelize(data, 2);
        for (int epoch = 0; epoch < 2; epoch++) {
            sparkNet.fitEpoch().accept(rdd);
        }
        // the third epoch from minibatch files (DL4J's recommended pipeline: the workers load them)
        java.io.File dir = java.nio.file.Files.createTempDirectory("xgrad-shared-paths").toFile();
        sparkNet.fitPaths().accept(sc.parallelize(SparkTestSupport.save(data, dir), 2));
        double after = sparkNet.score(all);
        List<Double> distances = new ArrayList<>(PredictionProbe.distances(run));
        long predicted = distances.stream().filter(d -> d > 1e-6).count();
        double lastPrediction = distances.get(distances.size() - 1);
        double driverVsWorker = SparkTestSupport.maxAbsDiff(LastTheta.LAST.get(run),
                SparkTestSupport.flat(sparkNet.driverNetwork().get()));
        System.out.printf("SPARK shared training (%s), 2 workers: loss %.4f → %.4f, %d of %d worker iterations at θ̂;"
                        + " last |θ̂−θ| = %.3e; driver vs worker's last θ: %.3e%n", run, before, after, predicted,
                distances.size(), lastPrediction, driverVsWorker);
        assertTrue(after < 0.85 * before, "training loss must drop by 15 %: " + before + " → " + after);
        assertTrue(distances.size() >= 3 * data.size(), "every minibatch trained: " + distances.size());
        assertTrue(predicted >= distances.size() - 1, "every worker iteration but the first ran at θ̂");
        assertTrue(driverVsWorker <= THRESHOLD, "the driver holds the worker's θ (up to the encoding residual)");
        assertTrue(driverVsWorker < lastPrediction / 100, "…and not θ̂");
    }
}
