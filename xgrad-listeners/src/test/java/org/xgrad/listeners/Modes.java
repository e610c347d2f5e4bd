package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.xgrad.updaters.PredictionMode;

/** How the tests set a network up for each {@link PredictionMode} and read its true weights. */
final class Modes {

    private Modes() {
    }

    /**
     * LISTENER: {@link WeightPredictionListener} registered and installed, the network holds θ between iterations.
     * UPDATER_ONLY: the X-updater alone, the network holds θ̂ between iterations.
     */
    static void prepare(PredictionMode mode, Model model) {
        if (mode == PredictionMode.LISTENER) {
            XGrad.enablePrediction(model);
        } else {
            XGrad.attach(model);
        }
    }

    /** @return θ: the parameters (LISTENER) or {@link XGrad#trueParams} (UPDATER_ONLY) */
    static INDArray trueParams(PredictionMode mode, Model model) {
        return mode == PredictionMode.LISTENER ? model.params() : XGrad.trueParams(model);
    }
}
