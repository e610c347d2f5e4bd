package org.xgrad.updaters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Updater-only mode inside a Spark task means DL4J's Spark training averages or shares the predicted weights θ̂
 * instead of θ (xgrad-spark's {@code XGradSpark.enablePrediction} switches the workers to listener mode). This guard
 * says so once per JVM. Spark is looked up reflectively: the updaters do not depend on it.
 */
final class SparkTaskGuard {

    private static final Logger LOG = LoggerFactory.getLogger(XGradientUpdater.class);
    private static final Method TASK_CONTEXT_GET = taskContextGet();
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private SparkTaskGuard() {
    }

    private static Method taskContextGet() {
        try {
            return Class.forName("org.apache.spark.TaskContext").getMethod("get");
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // no Spark on the classpath
        }
    }

    /** Called at the first self-predicting (updater-only) step of each updater instance. */
    static void checkUpdaterOnlyStep() {
        if (TASK_CONTEXT_GET == null || WARNED.get()) {
            return;
        }
        try {
            if (TASK_CONTEXT_GET.invoke(null) != null && WARNED.compareAndSet(false, true)) {
                LOG.warn("An X-updater runs in updater-only mode inside a Spark task: Spark will average/share the "
                        + "predicted weights θ̂ instead of θ. Call XGradSpark.enablePrediction(sparkNet) (module "
                        + "xgrad-spark) on the driver before fit.");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            WARNED.set(true); // cannot tell; do not try again
        }
    }
}
