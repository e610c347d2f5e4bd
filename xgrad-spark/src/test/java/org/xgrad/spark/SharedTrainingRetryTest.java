package org.xgrad.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.dataset.DataSet;
import org.xgrad.updaters.XAdam;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient sharing when a task fails once and Spark retries it ({@code local[2,2]}): DL4J's SharedTrainingWrapper ends
 * that executor's training round with the exception, Spark retries the task, training goes on and completes. The
 * iterations the failed round had not run yet are lost (asynchronous training: the count varies), so the numbers are
 * not those of a run without the failure; the loss still falls as in {@link SharedTraining}.
 */
class SharedTrainingRetryTest {

    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("xgrad-shared-retry-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    @Timeout(value = 150, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFailedTaskIsRetried() throws Exception {
        List<DataSet> data = SparkTestSupport.blobs(32, SharedTraining.BATCH, 5);
        DataSet all = DataSet.merge(data);
        SparkTestSupport.SparkNet sparkNet = SparkTestSupport.sparkNet(sc, false, new XAdam(0.05, 1),
                SharedTraining.master(), new TaskRetryTest.FailOnce("shared", 5));
        double before = sparkNet.score(all);
        JavaRDD<DataSet> rdd = sc.parallelize(data, 2);
        for (int epoch = 0; epoch < 3; epoch++) {
            sparkNet.fitEpoch().accept(rdd);
        }
        double after = sparkNet.score(all);
        System.out.printf("SPARK-SHARED-RETRY loss %.4f → %.4f, %d forward passes%n", before, after,
                TaskRetryTest.FailOnce.FORWARD_PASSES.get("shared").get());
        assertTrue(after < 0.85 * before, before + " → " + after);
    }
}
