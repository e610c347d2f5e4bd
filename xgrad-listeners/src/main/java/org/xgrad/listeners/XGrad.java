package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.earlystopping.scorecalc.ScoreCalculator;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.xgrad.updaters.internal.Arguments;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;
import java.util.function.Supplier;

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
        updaterOnly(model).sync();
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

    /**
     * Runs {@code action} with the true weights θ in {@code model} and puts back exactly what the network held
     * afterwards, so that training goes on as if {@code action} had not run: the way to evaluate or save a model in
     * the middle of updater-only training (with a listener the network holds θ between iterations already, and this
     * only runs {@code action}). DL4J's own evaluation paths get it through {@link #atTrueParams(TrainingListener)}
     * and {@link #atTrueParams(ScoreCalculator)}.
     *
     * @return what {@code action} returns
     */
    public static <T> T withTrueParams(Model model, Supplier<T> action) {
        Arguments.notNull(action, "XGrad.withTrueParams", "action");
        NetworkPrediction blocks = updaterOnly(model);
        return blocks.atTrueParams(blocks.iteration(), action);
    }

    /** As {@link #withTrueParams(Model, Supplier)} inside {@code iterationDone(model, iteration, …)}. */
    static void withTrueParamsAfter(Model model, int iteration, Runnable action) {
        updaterOnly(model).atTrueParams(iteration + 1, () -> {
            action.run();
            return null;
        });
    }

    /** As {@link #withTrueParams(Model, Supplier)}, for an action without a result. */
    public static void withTrueParams(Model model, Runnable action) {
        Arguments.notNull(action, "XGrad.withTrueParams", "action");
        withTrueParams(model, () -> {
            action.run();
            return null;
        });
    }

    /**
     * @return {@code listener} with each of its callbacks run at θ ({@link #withTrueParams}): for DL4J's
     * {@code EvaluativeListener}, {@code CheckpointListener} or a listener of your own in updater-only training
     */
    public static TrainingListener atTrueParams(TrainingListener listener) {
        return new TrueParamsListener(Arguments.notNull(listener, "XGrad.atTrueParams", "listener"));
    }

    /** @return {@code calculator} computing its score at θ (an {@code EarlyStoppingConfiguration}'s score calculator) */
    public static <T extends Model> ScoreCalculator<T> atTrueParams(ScoreCalculator<T> calculator) {
        Arguments.notNull(calculator, "XGrad.atTrueParams", "calculator");
        return new ScoreCalculator<T>() {
            @Override
            public double calculateScore(T network) {
                return withTrueParams(network, () -> calculator.calculateScore(network));
            }

            @Override
            public boolean minimizeScore() { return calculator.minimizeScore(); }
        };
    }

    /**
     * @return a copy of {@code model} that loads and trains without the xgrad jars: the true weights θ, every
     * X-updater replaced by its stock DL4J twin ({@code XAdam} → {@code Adam}, {@code XAdamW} → {@code Adam} (DL4J has
     * no AdamW updater: add {@code WeightDecay} to keep decaying), {@code XWrapped} → what it wraps, {@code XSgdm} →
     * {@code Sgd}: DL4J has no heavy-ball momentum), with the stock part of each updater's state (Adam's m and v …)
     * and DL4J's iteration and epoch counters; XGrad's own state is dropped. {@code model} is left as it was.
     */
    public static Model toStockUpdaters(Model model) {
        Arguments.notNull(model, "XGrad.toStockUpdaters", "model");
        return StockUpdaters.convert(model);
    }

    /**
     * Saves {@link #toStockUpdaters(Model)} of {@code model} with DL4J's {@code ModelSerializer} (updater state
     * included): a file that a plain DL4J application (an inference service, say) loads with
     * {@code ModelSerializer.restoreMultiLayerNetwork} / {@code restoreComputationGraph} without the xgrad jars.
     * A file saved from the network itself needs {@code xgrad-updaters} on the loading side (DL4J then fails with
     * "Could not resolve type id 'org.xgrad.updaters.…'").
     */
    public static void exportForInference(Model model, java.io.File file) throws java.io.IOException {
        Arguments.notNull(model, "XGrad.exportForInference", "model");
        Arguments.notNull(file, "XGrad.exportForInference", "file");
        StockUpdaters.export(model, file);
    }

    /**
     * Takes biases and the parameters of normalization layers (DL4J's {@code BatchNormalization}: γ, β) out of
     * {@code XAdamW}'s decoupled weight decay, the common practice (the default decays every parameter, as the paper
     * and PyTorch's AdamW). Call it on the configuration before the network is built; layers with any other updater
     * are left alone. Not covered: the layer-norm gains inside SameDiff layers (the zoo's ViT) and a {@code DenseLayer}'s
     * {@code hasLayerNorm} gain, which DL4J updates with the weights' updater.
     *
     * @return the number of layers changed
     */
    public static int decayWeightsOnly(org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        return DecayScope.weightsOnly(Arguments.notNull(conf, "XGrad.decayWeightsOnly", "conf"));
    }

    /** As {@link #decayWeightsOnly(org.deeplearning4j.nn.conf.MultiLayerConfiguration)}, for a ComputationGraph. */
    public static int decayWeightsOnly(org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf) {
        return DecayScope.weightsOnly(Arguments.notNull(conf, "XGrad.decayWeightsOnly", "conf"));
    }

    /** The network's X-updater blocks, seen from outside any listener (updater-only mode is the updaters' own). */
    private static NetworkPrediction updaterOnly(Model model) {
        return new NetworkPrediction(model, false, Prediction.Counters.create());
    }

    /**
     * Registers a {@link WeightPredictionListener} on {@code model} unless one is there, and installs it now (so even
     * the first iteration of {@code fit(DataSet)} is covered).
     *
     * @return the listener
     */
    public static WeightPredictionListener enablePrediction(Model model) {
        for (TrainingListener l : NetworkAccess.listeners(model)) {
            if (l instanceof WeightPredictionListener) {
                WeightPredictionListener existing = (WeightPredictionListener) l;
                existing.install(model);
                return existing;
            }
        }
        WeightPredictionListener listener = new WeightPredictionListener();
        listener.install(model); // first: a network it cannot serve is refused before the listener is added
        model.addListeners(listener);
        return listener;
    }

    // ---------------------------------------------------------------------------------------------------------
    // SameDiff
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Creates the SameDiff graph's updaters now (SameDiff otherwise does it in the first {@code fit}) and gives every
     * X-updater its variable (needed by {@code XAdamW}'s decoupled weight decay in updater-only mode). Needs the
     * training configuration set. Idempotent.
     */
    public static void attach(SameDiff sd) {
        SameDiffPrediction.initializeTraining(sd);
        updaterOnly(sd).sync();
    }

    /**
     * @return the true weights θ of every trainable variable of {@code sd}, by name: copies, with the prediction that
     * updater-only X-updaters have applied added back
     */
    public static Map<String, INDArray> trueParams(SameDiff sd) { return updaterOnly(sd).trueParams(); }

    /**
     * Writes θ into the variables of {@code sd} (updater-only mode); training may go on afterwards, its next iteration
     * at θ. With {@link #enablePrediction(SameDiff)} the variables hold θ between iterations already.
     *
     * @return true if any variable changed
     */
    public static boolean restoreTrueParams(SameDiff sd) { return updaterOnly(sd).restoreTrueParams(); }

    /**
     * Adds a {@link SameDiffPredictionListener} to {@code sd} unless one is there, and takes over from updater-only
     * mode now (the updaters are created first if {@code fit} has not run yet).
     *
     * @return the listener
     */
    public static SameDiffPredictionListener enablePrediction(SameDiff sd) {
        SameDiffPrediction.initializeTraining(sd); // first: a graph without training configuration is refused as is
        SameDiffPredictionListener listener = null;
        for (org.nd4j.autodiff.listeners.Listener l : sd.getListeners()) {
            if (l instanceof SameDiffPredictionListener) {
                SameDiffPredictionListener existing = (SameDiffPredictionListener) l;
                listener = existing;
            }
        }
        if (listener == null) {
            listener = new SameDiffPredictionListener(sd);
            sd.addListeners(listener);
        }
        listener.prediction().sync();
        return listener;
    }

    private static SameDiffPrediction updaterOnly(SameDiff sd) {
        return new SameDiffPrediction(sd, false, Prediction.Counters.create());
    }
}
