package org.xgrad.updaters;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link GradientUpdater} of every X-updater: one block's state ({@link BlockState}), the optimizer's math on it
 * ({@link Kernel}) and the record of what the block's parameters hold ({@link BlockWeights}).
 *
 * <p>DL4J gives each updater block one flat view of {@code stateSize} elements, summed over the block's variables;
 * the number of parameters N is known at the first call that shows an array of the block, and the view is cut then.
 *
 * <p><b>Updater-only mode</b> (the default) runs Algorithm 1 inside {@link #applyUpdater}; listener mode applies the
 * base step alone, a listener doing steps 1–4 through {@link #weights()}.
 */
public final class XGradientUpdater implements GradientUpdater<XUpdater>, WeightPredictor {

    private static final Logger LOG = LoggerFactory.getLogger(XGradientUpdater.class);

    private static final String STATE_KEY = "view";

    private final XUpdater config;
    private final BlockWeights weights = new BlockWeights(this);
    private INDArray view;
    private BlockState state;
    private Kernel kernel;
    /** The X-updaters of the same network, whose rates are checked together before any of them moves. */
    private Siblings siblings;
    /** The Spark-task check runs at this instance's first updater-only step only (it is reflective). */
    private boolean sparkTaskChecked;

    XGradientUpdater(XUpdater config, INDArray viewArray, boolean initialize) {
        this.config = config;
        setView(viewArray, initialize);
    }

    private void setView(INDArray viewArray, boolean initialize) {
        if (siblings != null) {
            siblings.leave(this);
        }
        this.view = viewArray.reshape(viewArray.length());
        this.siblings = Siblings.join(this, view);
        if (initialize) {
            view.assign(0);
        }
        this.state = null;
        this.kernel = null;
    }

    /** Cuts the state view once the block size N is known. */
    private void layout(long n) {
        if (state != null) {
            if (state.length() != n) {
                throw new IllegalArgumentException(config.name() + ": array of length " + n
                        + " does not match this updater block of " + state.length() + " parameters");
            }
            return;
        }
        state = BlockState.cut(config, view, n);
        kernel = config.kernel(state);
        warnIfEpsilonVanishes(config, view.dataType());
    }

    /** HALF's smallest normal number: an ε below it is stored as a subnormal or as 0. */
    static final double HALF_MIN_NORMAL = 6.103515625e-5;
    private static final Set<String> EPSILON_WARNED = ConcurrentHashMap.newKeySet();

    /**
     * Warns once per optimizer and data type when ε would vanish in a 16-bit network: in HALF, DL4J's default 1e-8
     * rounds to 0, so √v + ε is 0 wherever v underflowed and the update NaN.
     */
    static void warnIfEpsilonVanishes(XUpdater config, DataType type) {
        double epsilon = config.denominatorEpsilon();
        if ((type == DataType.HALF || type == DataType.BFLOAT16) && epsilon < HALF_MIN_NORMAL
                && EPSILON_WARNED.add(config.name() + "/" + type)) {
            LOG.warn("{}: epsilon = {} with {} parameters is below {} ({}'s smallest normal number; {} becomes {}), so "
                    + "the denominator √v + ε can be 0 and the update NaN. Use epsilon >= 1e-4, e.g. {}.builder()"
                    + ".epsilon(1e-4)", config.name(), epsilon, type, HALF_MIN_NORMAL, DataType.HALF, epsilon,
                    Nd4j.scalar(DataType.HALF, epsilon).getDouble(0), config.name());
        }
    }

    @Override
    public BlockWeights weights() { return weights; }

    @Override
    public int getPredictionSteps() { return config.getPredictionSteps(); }

    // ---------------------------------------------------------------------------------------------------------
    // Updater-only mode: Algorithm 1 in the update
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The base step; in updater-only mode also Algorithm 1 around it. There the parameters hold
     * {@code θ̂_t = θ_t − P_t} (steps 1–2, done by the previous call) and DL4J computed the gradient at θ̂_t (step 3).
     * This call returns {@code U = u_t − P_t + P_{t+1}}, so that DL4J's {@code params −= U} restores θ_t (step 4),
     * applies the base update u_t (step 5) and writes the next prediction: the parameters hold
     * {@code θ̂_{t+1} = θ_{t+1} − P_{t+1}}. P_{t+1} uses the learning rate at (t+1, current epoch): a GradientUpdater
     * cannot know whether the next iteration starts a new epoch.
     */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        layout(gradient.length());
        INDArray update = gradient.reshape(gradient.length());
        if (config.readsTrueWeights() && !weights.attached()) {
            throw new IllegalStateException(config.name() + " applies decoupled weight decay to the parameters, which "
                    + "a DL4J GradientUpdater does not see: call XGrad.attach(network) once after network.init(), or "
                    + "train with a WeightPredictionListener (it attaches them). No weights were changed.");
        }
        siblings.checkRates(iteration, epoch);     // every block's, before any state moves: the update is all or nothing
        boolean updaterOnly = weights.mode() == PredictionMode.UPDATER_ONLY;
        INDArray applied = updaterOnly ? weights.appliedPrediction(iteration) : null;  // P_t, before the state moves
        kernel.step(update, weights.duringStep(applied), iteration, epoch);                // u_t, at θ_t
        state.countStep();
        if (!updaterOnly) {
            return;
        }
        if (!sparkTaskChecked) {
            sparkTaskChecked = true;
            SparkTaskGuard.checkUpdaterOnlyStep();
        }
        double next = coefficient(iteration + 1, epoch);
        state.setAppliedCoefficient(next);
        if (next != 0) {
            kernel.direction(iteration + 1).shift(update, applied, next);                  // − P_t + P_{t+1}
        } else if (applied != null) {
            update.subi(applied);                                                          // − P_t
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // For BlockWeights: eq. 26, P = s·γ·Δθ
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Evaluates the learning rates this update will use: the step's and, in updater-only mode, the next prediction's.
     *
     * @throws IllegalArgumentException if a schedule gives an invalid value (see {@link XUpdater#getLearningRate})
     */
    void checkRates(int iteration, int epoch) {
        config.getLearningRate(iteration, epoch);
        if (weights.mode() == PredictionMode.UPDATER_ONLY && config.getPredictionSteps() > 0) {
            config.predictionRate(iteration + 1, epoch);
        }
    }

    /**
     * @return the cut state view, or null while the block size is unknown (DL4J instantiates updaters on their view
     * without saying N; the first update or the attached parameters tell it)
     */
    private BlockState state() {
        if (state == null && weights.params() != null) {
            layout(weights.params().length());
        }
        return state;
    }

    /** @return {@code s·γ(iteration, epoch)}; 0 when s = 0 or no step was taken yet (P is exactly zero then) */
    double coefficient(int iteration, int epoch) {
        if (config.getPredictionSteps() == 0 || state() == null || state.stepsTaken() == 0) {
            return 0;
        }
        return config.getPredictionSteps() * config.predictionRate(iteration, epoch);
    }

    /** @return Δθ for the upcoming {@code iteration}, from the current state */
    Direction direction(int iteration) {
        if (state() == null) {
            throw new IllegalStateException(config.name() + ": block size unknown yet");
        }
        return kernel.direction(iteration);
    }

    /** @return a new uninitialized array of the block's length and the state's data type */
    INDArray newBlockArray() { return Nd4j.createUninitialized(view.dataType(), state().length()); }

    double appliedCoefficient() { return state() == null ? 0 : state.appliedCoefficient(); }

    void setAppliedCoefficient(double coefficient) {
        if (state() == null) {
            if (coefficient != 0) {
                throw new IllegalStateException(config.name() + ": block size unknown yet");
            }
            return;
        }
        state.setAppliedCoefficient(coefficient);
    }

    // ---------------------------------------------------------------------------------------------------------
    // GradientUpdater
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public XUpdater getConfig() { return config; }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        setView(viewOf(config.name(), stateMap), initialize);
    }

    /**
     * The state as a map (SameDiff saves and restores updaters this way): one entry, {@value #STATE_KEY}, the whole
     * state view.
     */
    static INDArray viewOf(String updater, Map<String, INDArray> state) {
        INDArray view = state == null ? null : state.get(STATE_KEY);
        if (view == null) {
            throw new IllegalArgumentException(updater + ": updater state map without its \"" + STATE_KEY
                    + "\" entry: " + (state == null ? null : state.keySet()));
        }
        return view;
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> map = new LinkedHashMap<>();
        map.put(STATE_KEY, view);
        return map;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        setView(viewArray, initialize);
        long n = 1;
        for (long d : gradientShape) {
            n *= d;
        }
        layout(n);
    }
}
