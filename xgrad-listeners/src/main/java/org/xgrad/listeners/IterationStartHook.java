package org.xgrad.listeners;

import org.deeplearning4j.optimize.api.StepFunction;
import org.deeplearning4j.optimize.solvers.accumulation.GradientsAccumulator;
import org.deeplearning4j.optimize.solvers.accumulation.IndexedTail;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's training loop has no iteration-start event, but {@code StochasticGradientDescent.optimize} asks the network's
 * {@link GradientsAccumulator} {@code hasAnything()} right before the forward pass. This accumulator answers that call
 * by letting the {@link WeightPredictionListener} write θ̂, and otherwise behaves exactly like no accumulator
 * ({@code stepFunction.step(params, update)}) or, when the network already had one (Spark gradient sharing), forwards
 * every call to it and predicts after its external updates were applied.
 */
final class IterationStartHook implements GradientsAccumulator {

    private final transient WeightPredictionListener listener;
    private final transient Installation installation;
    private final GradientsAccumulator delegate;

    IterationStartHook(WeightPredictionListener listener, Installation installation, GradientsAccumulator delegate) {
        this.listener = listener;
        this.installation = installation;
        this.delegate = delegate;
    }

    WeightPredictionListener listener() {
        return listener;
    }

    /** The listener's state for the network this hook is installed on. */
    Installation installation() {
        return installation;
    }

    GradientsAccumulator delegate() {
        return delegate;
    }

    @Override
    public boolean hasAnything() {
        if (delegate != null && delegate.hasAnything()) {
            return true; // the optimizer now calls applyUpdate(..., false): external updates first, then θ̂
        }
        listener.beforeIteration(this);
        return false;
    }

    @Override
    public void applyUpdate(StepFunction function, INDArray params, INDArray updates, boolean isFinalStep) {
        if (delegate != null) {
            delegate.applyUpdate(function, params, updates, isFinalStep);
        } else if (isFinalStep) {
            function.step(params, updates);
        }
        if (!isFinalStep) {
            listener.beforeIteration(this);
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
    public IndexedTail getExternalSource() {
        return delegate == null ? null : delegate.getExternalSource();
    }
}
