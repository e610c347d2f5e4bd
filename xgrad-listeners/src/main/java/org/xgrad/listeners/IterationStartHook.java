package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.StepFunction;
import org.deeplearning4j.optimize.solvers.accumulation.GradientsAccumulator;
import org.deeplearning4j.optimize.solvers.accumulation.IndexedTail;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * DL4J's training loop has no iteration-start event, but {@code StochasticGradientDescent.optimize} asks the network's
 * {@link GradientsAccumulator} {@code hasAnything()} right before the forward pass. This accumulator answers that call
 * by starting the iteration of its {@link NetworkPrediction} (steps 1–2 of Algorithm 1), and otherwise behaves exactly
 * like no accumulator ({@code stepFunction.step(params, update)}) or, when the network already had one (Spark gradient
 * sharing), forwards every call to it and predicts after its external updates were applied.
 */
final class IterationStartHook implements GradientsAccumulator {

    private static final Logger LOG = LoggerFactory.getLogger(WeightPredictionListener.class);
    private static final AtomicBoolean WARNED_READDED = new AtomicBoolean();

    private final transient WeightPredictionListener listener;
    private final transient NetworkPrediction prediction;
    private final GradientsAccumulator delegate;

    private IterationStartHook(WeightPredictionListener listener, NetworkPrediction prediction,
                               GradientsAccumulator delegate) {
        this.listener = listener;
        this.prediction = prediction;
        this.delegate = delegate;
    }

    /**
     * Puts a hook for {@code listener} on {@code model}, wrapping the accumulator it has; its prediction takes over
     * from updater-only mode.
     */
    static NetworkPrediction install(Model model, WeightPredictionListener listener,
                                     Prediction.Counters counters) {
        NetworkAccess.requireStochasticGradientDescent(model);
        NetworkPrediction prediction = new NetworkPrediction(model, true, counters);
        prediction.sync();
        NetworkAccess.setAccumulator(model, new IterationStartHook(listener, prediction,
                NetworkAccess.accumulator(model)));
        return prediction;
    }

    /**
     * @return {@code listener}'s prediction on {@code model}, or null if it is not installed there (a hook left by a
     * listener that is no longer registered is taken out)
     * @throws IllegalStateException if another registered listener's hook is there
     */
    static NetworkPrediction installed(Model model, WeightPredictionListener listener) {
        GradientsAccumulator accumulator = NetworkAccess.accumulator(model);
        if (!(accumulator instanceof IterationStartHook)) {
            return null;
        }
        IterationStartHook hook = (IterationStartHook) accumulator;
        if (hook.listener == listener) {
            return hook.prediction;
        }
        if (NetworkAccess.listeners(model).contains(hook.listener)) {
            throw new IllegalStateException("A second WeightPredictionListener was registered on the same network;"
                    + " one is enough (remove the duplicate)");
        }
        // the hook of a listener that was taken off the network (setListeners): replaced by the new one's
        hook.prediction.restore();
        NetworkAccess.setAccumulator(model, hook.delegate);
        return null;
    }

    @Override
    public boolean hasAnything() {
        if (delegate != null && delegate.hasAnything()) {
            return true; // the optimizer now calls applyUpdate(..., false): external updates first, then θ̂
        }
        startIteration();
        return false;
    }

    /**
     * Steps 1–2 of Algorithm 1. If the listener was taken off the network (typically {@code setListeners(...)} called
     * after {@code XGrad.enablePrediction}), it is registered again first: without its callbacks θ could not be
     * restored before the update, and prediction, the mode and what evaluations see stay as they were. A batch whose
     * width does not fit the first layers would make DL4J throw in the forward pass: no θ̂ is written then.
     */
    private void startIteration() {
        Model model = prediction.model();
        if (!NetworkAccess.listeners(model).contains(listener)) {
            model.addListeners(listener);
            if (!WARNED_READDED.getAndSet(true)) {
                LOG.warn("WeightPredictionListener was removed from the network's listeners (setListeners after "
                        + "XGrad.enablePrediction?); it was registered again. Call XGrad.enablePrediction(net) after "
                        + "setListeners(...), or use addListeners(...), to keep this from happening.");
            }
        }
        if (NetworkAccess.inputFits(model)) {
            prediction.predict();
        } else {
            prediction.restore();
        }
    }

    @Override
    public void applyUpdate(StepFunction function, INDArray params, INDArray updates, boolean isFinalStep) {
        if (delegate != null) {
            delegate.applyUpdate(function, params, updates, isFinalStep);
        } else if (isFinalStep) {
            function.step(params, updates);
        }
        if (!isFinalStep) {
            startIteration();
        }
    }

    @Override
    public void applyUpdate(StepFunction function, INDArray params, INDArray updates, double alpha) {
        if (delegate != null) {
            delegate.applyUpdate(function, params, updates, alpha);
        } else {
            function.step(params, updates, alpha);
        }
    }

    @Override
    public void storeUpdate(INDArray array, int iterationNumber, int epochNumber) {
        if (delegate != null) {
            delegate.storeUpdate(array, iterationNumber, epochNumber);
        }
    }

    @Override
    public void receiveUpdate(INDArray array) {
        if (delegate != null) {
            delegate.receiveUpdate(array);
        }
    }

    @Override
    public void markExternalUpdates(boolean updatesAvailable) {
        if (delegate != null) {
            delegate.markExternalUpdates(updatesAvailable);
        }
    }

    @Override
    public void reset() {
        if (delegate != null) {
            delegate.reset();
        }
    }

    @Override
    public void touch() {
        if (delegate != null) {
            delegate.touch();
        }
    }

    @Override
    public void setExternalSource(IndexedTail source) {
        if (delegate != null) {
            delegate.setExternalSource(source);
        }
    }

    @Override
    public IndexedTail getExternalSource() { return delegate == null ? null : delegate.getExternalSource(); }
}
