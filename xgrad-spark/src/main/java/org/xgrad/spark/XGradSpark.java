package org.xgrad.spark;

import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.SparkListenable;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.xgrad.listeners.WeightPredictionListener;
import org.xgrad.updaters.internal.Arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Weight prediction on every worker of DL4J's Spark training. With X-updaters in the configuration, call
 * {@code XGradSpark.enablePrediction(sparkNet)} once before {@code fit}:
 * <ul>
 *   <li>every worker network gets a {@link WeightPredictionListener} (listener mode: forward/backward at θ̂, θ restored
 *   before the updater runs), so what leaves a worker is always the true θ and the base optimizer's state: averaged
 *   parameters ({@code ParameterAveragingTrainingMaster}) and shared updates ({@code SharedTrainingMaster}) never
 *   contain θ̂;</li>
 *   <li>{@code ParameterAveragingTrainingMaster} also gets a {@link PredictionTrainingHook}, which installs the
 *   prediction before each minibatch on the network it builds per averaging round; {@code SharedTrainingMaster}
 *   trains with {@code fit(iterator)}, where the listener installs itself at the epoch start and wraps the
 *   gradient-sharing accumulator (it forwards every call to it).</li>
 * </ul>
 * Without this call the X-updaters run in updater-only mode on the workers, and Spark would average and share θ̂ (the
 * workers log a warning once) — use
 * it. {@code sparkNet.setListeners(...)} replaces the workers' listeners: pass your listeners through this method.
 */
public final class XGradSpark {

    private XGradSpark() {
    }

    /**
     * Enables weight prediction on the workers of {@code sparkNet} and sets their listeners to a
     * {@link WeightPredictionListener} followed by {@code listeners} (like {@code sparkNet.setListeners}).
     */
    public static void enablePrediction(SparkDl4jMultiLayer sparkNet, TrainingListener... listeners) {
        enablePrediction(sparkNet, null, listeners);
    }

    /** As {@link #enablePrediction(SparkDl4jMultiLayer, TrainingListener...)}, with a stats router (DL4J UI). */
    public static void enablePrediction(SparkDl4jMultiLayer sparkNet, StatsStorageRouter router,
                                        TrainingListener... listeners) {
        Arguments.notNull(sparkNet, "XGradSpark.enablePrediction", "sparkNet");
        enable(sparkNet, sparkNet.getTrainingMaster(), router, listeners);
    }

    /** As {@link #enablePrediction(SparkDl4jMultiLayer, TrainingListener...)}, for a ComputationGraph. */
    public static void enablePrediction(SparkComputationGraph sparkNet, TrainingListener... listeners) {
        enablePrediction(sparkNet, null, listeners);
    }

    /** As {@link #enablePrediction(SparkComputationGraph, TrainingListener...)}, with a stats router (DL4J UI). */
    public static void enablePrediction(SparkComputationGraph sparkNet, StatsStorageRouter router,
                                        TrainingListener... listeners) {
        Arguments.notNull(sparkNet, "XGradSpark.enablePrediction", "sparkNet");
        enable(sparkNet, sparkNet.getTrainingMaster(), router, listeners);
    }

    private static void enable(SparkListenable sparkNet, TrainingMaster<?, ?> trainingMaster,
                               StatsStorageRouter router, TrainingListener[] listeners) {
        if (trainingMaster == null) {
            throw new IllegalArgumentException("sparkNet has no TrainingMaster: build it with "
                    + "new SparkDl4jMultiLayer(sc, conf, trainingMaster) / new SparkComputationGraph(...)");
        }
        Arguments.noNullElement(listeners, "XGradSpark.enablePrediction", "listeners");
        List<TrainingListener> workerListeners = new ArrayList<>();
        List<TrainingListener> given = listeners == null ? List.of() : Arrays.asList(listeners);
        if (given.stream().noneMatch(l -> l instanceof WeightPredictionListener)) {
            workerListeners.add(new WeightPredictionListener());
        }
        workerListeners.addAll(given);
        sparkNet.setListeners(router, workerListeners);
        PredictionTrainingHook hook = new PredictionTrainingHook();
        trainingMaster.removeHook(hook); // equal to any earlier one: registered once
        trainingMaster.addHook(hook);
    }
}
