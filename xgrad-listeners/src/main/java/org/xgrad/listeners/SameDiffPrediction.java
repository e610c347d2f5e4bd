package org.xgrad.listeners;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.xgrad.updaters.internal.Arguments;
import org.xgrad.updaters.WeightPredictor;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Prediction} on a SameDiff graph: its blocks are the trainable variables whose updater (SameDiff keeps one
 * {@code GradientUpdater} per variable) is an X-updater, each with the variable's own array. They are taken again
 * whenever SameDiff replaced its updaters or a variable's array.
 */
final class SameDiffPrediction extends Prediction {

    private final SameDiff sd;
    private Map<String, GradientUpdater> resolvedFrom;
    private List<Block> resolved = List.of();
    /** Gradient variable name → index of the block it is the gradient of. */
    private Map<String, Integer> gradients = Map.of();

    SameDiffPrediction(SameDiff sd, boolean listener, Counters counters) {
        super(listener, counters);
        this.sd = Arguments.notNull(sd, "XGrad", "sd (the SameDiff graph)");
    }

    @Override
    protected List<Block> currentBlocks() {
        Map<String, GradientUpdater> updaters = sd.getUpdaterMap();
        if (updaters == null) {
            return resolved; // not initialized yet: the first iteration has nothing to predict from
        }
        // the gradient names exist once SameDiff has built its gradient function (first fit)
        if (updaters != resolvedFrom || !arraysUnchanged() || gradients.isEmpty() && !resolved.isEmpty()) {
            List<Block> found = new ArrayList<>();
            Map<String, Integer> gradientIndex = new HashMap<>();
            for (Map.Entry<String, GradientUpdater> e : new TreeMap<>(updaters).entrySet()) {
                if (e.getValue() instanceof WeightPredictor) {
                    WeightPredictor predictor = (WeightPredictor) e.getValue();
                    SDVariable variable = sd.getVariable(e.getKey());
                    SDVariable gradient = variable.getGradient();
                    if (gradient != null) {
                        gradientIndex.put(gradient.name(), found.size());
                    }
                    found.add(new Block(e.getKey(), predictor.weights(), variable.getArr()));
                }
            }
            resolved = List.copyOf(found);
            gradients = gradientIndex;
            resolvedFrom = updaters;
        }
        return resolved;
    }

    private boolean arraysUnchanged() {
        for (Block b : resolved) {
            if (sd.getVariable(b.name()).getArr() != b.params()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected int iteration() { return trainingConfig().getIterationCount(); }

    @Override
    protected int epoch() { return trainingConfig().getEpochCount(); }

    private TrainingConfig trainingConfig() {
        TrainingConfig config = sd.getTrainingConfig();
        if (config == null) {
            throw new IllegalStateException("This SameDiff graph has no training configuration: call "
                    + "sd.setTrainingConfig(TrainingConfig.builder().updater(new XAdam(1))...build()) first");
        }
        return config;
    }

    /** Step 4 for the variable whose gradient {@code gradientName} just became available; nothing for other names. */
    void restoreForGradient(String gradientName) {
        Integer index = gradients.get(gradientName);
        if (index != null) {
            restore(index);
        }
    }

    /** Step 4 for the variable {@code name}. */
    void restoreVariable(String name) {
        List<Block> current = resolved;
        for (int i = 0; i < current.size(); i++) {
            if (current.get(i).name().equals(name)) {
                restore(i);
            }
        }
    }

    /** @return θ of every trainable variable, by name: copies, with the prediction updater-only blocks applied added */
    Map<String, INDArray> trueParams() {
        Map<String, INDArray> out = new TreeMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE && v.getArr() != null) {
                out.put(v.name(), v.getArr().dup());
            }
        }
        List<INDArray> blocks = trueBlocks();
        List<Block> current = blocks();
        for (int i = 0; i < current.size(); i++) {
            out.put(current.get(i).name(), blocks.get(i));
        }
        return out;
    }

    /**
     * SameDiff creates its updaters at the first {@code fit}; this creates them now (its protected
     * {@code initializeTraining()}), so that they can be given their parameters before any update.
     */
    static void initializeTraining(SameDiff sd) {
        Arguments.notNull(sd, "XGrad", "sd (the SameDiff graph)");
        if (sd.isInitializedTraining()) {
            return;
        }
        if (sd.getTrainingConfig() == null) {
            throw new IllegalStateException("This SameDiff graph has no training configuration: call "
                    + "sd.setTrainingConfig(...) before XGrad.attach / XGrad.enablePrediction");
        }
        try {
            Method initialize = SameDiff.class.getDeclaredMethod("initializeTraining");
            initialize.setAccessible(true);
            initialize.invoke(sd);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot create the updaters of this SameDiff graph before its first fit "
                    + "(SameDiff.initializeTraining): " + e, e);
        }
    }
}
