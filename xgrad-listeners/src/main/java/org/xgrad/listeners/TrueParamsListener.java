package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * A listener whose callbacks between iterations ({@code iterationDone}, {@code onEpochStart}, {@code onEpochEnd}) run
 * at the true weights θ ({@link XGrad#withTrueParams}); the callbacks inside an iteration are passed on as they are.
 */
final class TrueParamsListener implements TrainingListener {

    private final TrainingListener listener;

    TrueParamsListener(TrainingListener listener) {
        this.listener = listener;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        XGrad.withTrueParamsAfter(model, iteration, () -> listener.iterationDone(model, iteration, epoch));
    }

    @Override
    public void onEpochStart(Model model) { XGrad.withTrueParams(model, () -> listener.onEpochStart(model)); }

    @Override
    public void onEpochEnd(Model model) { XGrad.withTrueParams(model, () -> listener.onEpochEnd(model)); }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) { listener.onForwardPass(model, activations); }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        listener.onForwardPass(model, activations);
    }

    @Override
    public void onGradientCalculation(Model model) { listener.onGradientCalculation(model); }

    @Override
    public void onBackwardPass(Model model) { listener.onBackwardPass(model); }
}
