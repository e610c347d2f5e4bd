package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The two ways to train with weight prediction. */
enum Mode {
    /** {@link WeightPredictionListener} registered and installed; the network holds θ between iterations. */
    LISTENER {
        @Override
        void prepare(Model model) {
            XGrad.enablePrediction(model);
        }

        @Override
        INDArray trueParams(Model model) {
            return model.params();
        }
    },
    /** X-updater alone; the network holds θ̂ between iterations and {@link XGrad#trueParams} gives θ. */
    UPDATER_ONLY {
        @Override
        void prepare(Model model) {
            XGrad.attach(model);
        }

        @Override
        INDArray trueParams(Model model) {
            return XGrad.trueParams(model);
        }
    };

    abstract void prepare(Model model);

    abstract INDArray trueParams(Model model);
}
