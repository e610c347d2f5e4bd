package org.xgrad.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.XAdam;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spark task that fails once (a worker listener throws in one forward pass) is retried by Spark
 * ({@code local[2,2]}: up to 2 attempts per task) and parameter averaging completes with the numbers of the run without
 * the failure: the retried task trains its split again from the broadcast θ and optimizer state.
 */
class TaskRetryTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("xgrad-task-retry-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    /** Throws in the {@code n}-th forward pass of its run, once per JVM (workers get serialized copies). */
    static final class FailOnce extends BaseTrainingListener implements Serializable {
        static final Map<String, AtomicInteger> FORWARD_PASSES = new ConcurrentHashMap<>();
        private final String run;
        private final int n;

        FailOnce(String run, int n) {
            this.run = run;
            this.n = n;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            if (FORWARD_PASSES.computeIfAbsent(run, k -> new AtomicInteger()).incrementAndGet() == n) {
                throw new IllegalStateException("injected failure in forward pass " + n);
            }
        }
    }

    static INDArray train(List<DataSet> data, int workers, String run, int failAt) {
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, SparkTestSupport.mlp(new XAdam(0.05, 1)),
                ParameterAveragingTest.master(workers, 2, new SparkTestSupport.RecordingHook(run)));
        XGradSpark.enablePrediction(sparkNet, new FailOnce(run, failAt));
        JavaRDD<DataSet> rdd = sc.parallelize(data, workers);
        sparkNet.fit(rdd);
        sparkNet.fit(rdd);
        return sparkNet.getNetwork().params().dup();
    }

    @Test
    @Timeout(240)
    void aFailedTaskIsRetriedAndTheResultIsUnchanged() {
        List<DataSet> data = SparkTestSupport.blobs(12, 8, 5);
        INDArray clean = train(data, 1, "clean", -1);
        INDArray retried = train(data, 1, "retried", 7);
        int passes = FailOnce.FORWARD_PASSES.get("retried").get();
        System.out.printf("SPARK-RETRY 1 worker: %d forward passes for 24 minibatches (the failed attempt's again)%n",
                passes);
        assertTrue(passes > 24, "the failed task ran again: " + passes + " forward passes");
        assertEquals(0.0, SparkTestSupport.maxAbsDiff(clean, retried), "1 worker: the same numbers as without the "
                + "failure");

        INDArray twoWorkers = train(data, 2, "two-workers", 5);
        assertTrue(Double.isFinite(twoWorkers.sumNumber().doubleValue()), "2 workers: training completed");
    }
}
