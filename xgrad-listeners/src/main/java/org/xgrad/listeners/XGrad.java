package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.xgrad.updaters.PredictionMode;

/**
 * Entry points for networks configured with X-updaters.
 *
 * <p><b>Updater-only use</b> ({@code .updater(new XAdam(1))}, no listener): the updaters apply the prediction inside
 * their own update, so between iterations the network holds {@code θ̂_{t+1} = θ_{t+1} − γ·s·Δθ}, the weights the
 * next forward pass uses. {@link #trueParams(Model)} returns the true θ; {@link #restoreTrueParams(Model)} writes it
 * back into the network (do this before evaluating or saving a final model). {@link #attach(Model)} is needed once for
 * {@code XAdamW} (its decoupled weight decay needs the parameters).
 *
 * <p><b>Listener use</b>: {@link #enablePrediction(Model)} (or {@code net.addListeners(new WeightPredictionListener())})
 * keeps θ in the network outside iterations and writes θ̂ only for the forward/backward pass.
 */
public final class XGrad {

    private XGrad() {
    }

    /**
     * Gives every X-updater block of {@code model} its parameter view (needed by {@code XAdamW}'s decoupled weight
     * decay in updater-only mode). Idempotent; the listener does it itself.
     */
    public static void attach(Model model) {
        updaterOnly(model).blocks();
    }

    /**
     * @return a new array with the true weights θ of {@code model}: its parameters plus the prediction that
     * self-predicting X-updater blocks have applied (updater-only mode); a plain copy otherwise.
     */
    public static INDArray trueParams(Model model) { return updaterOnly(model).trueParams(); }

    /**
     * Writes the true weights θ into {@code model} (updater-only mode) and records that no prediction is applied.
     * Training may go on afterwards: its next iteration runs at θ (without prediction), the following ones predict
     * again. With a {@link WeightPredictionListener} the network already holds θ between iterations.
     *
     * @return true if the parameters changed
     */
    public static boolean restoreTrueParams(Model model) { return updaterOnly(model).restoreTrueParams(); }

    /** The network's X-updater blocks, seen from outside any listener (updater-only mode is the updaters' own). */
    private static NetworkPrediction updaterOnly(Model model) {
        return new NetworkPrediction(model, PredictionMode.UPDATER_ONLY, NetworkPrediction.Counters.create());
    }

    /**
     * Registers a {@link WeightPredictionListener} on {@code model} unless one is there, and installs it now (so even
     * the first iteration of {@code fit(DataSet)} is covered).
     *
     * @return the listener
     */
    public static WeightPredictionListener enablePrediction(Model model) {
        for (TrainingListener l : NetworkAccess.listeners(model)) {
            if (l instanceof WeightPredictionListener existing) {
                existing.install(model);
                return existing;
            }
        }
        WeightPredictionListener listener = new WeightPredictionListener();
        model.addListeners(listener);
        listener.install(model);
        return listener;
    }
}
