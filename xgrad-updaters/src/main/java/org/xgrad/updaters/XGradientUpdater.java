package org.xgrad.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link GradientUpdater} of every X-updater, and the one place where weight prediction happens.
 *
 * <p><b>State view.</b> DL4J gives each updater block one flat view of {@code stateSize} elements, summed over the
 * block's variables. The layout is {@code [stock state | extra arrays, N each | scalar slots]}: the stock arrays come
 * first, exactly where the stock updater keeps them, so the stock {@code GradientUpdater} runs on its part unchanged.
 * The scalar slots ({@value XUpdater#SCALAR_SLOTS} per variable, the first two used) hold the number of base steps
 * taken and the prediction coefficient currently applied to the parameters (updater-only mode). Because the number
 * of variables in a block is not known up front, the layout is fixed at the first call that reveals N; the stock
 * updater is created at the first base step and initializes its part then, if no step was taken yet.
 *
 * <p><b>Updater-only mode</b> ({@link PredictionMode#UPDATER_ONLY}, the default). The network holds
 * {@code θ̂_t = θ_t − P_t} between iterations, the gradient is computed there, and this updater returns
 * {@code U = u_t − P_t + P_{t+1}} so that DL4J's {@code params −= U} lands on {@code θ̂_{t+1} = θ_{t+1} − P_{t+1}}.
 * The true weights are {@code params + P} ({@link #appliedWeightChange}). The prediction for iteration t+1 uses the
 * learning rate at (t+1, current epoch): a GradientUpdater cannot know whether the next iteration starts a new epoch.
 *
 * <p><b>Listener mode</b> ({@link PredictionMode#LISTENER}): the listener writes {@code θ̂} before the forward pass
 * with {@link #predictWeights} and restores θ before this updater runs; the update is the base update alone.
 */
public final class XGradientUpdater implements GradientUpdater<XUpdater>, WeightPredictor {

    private static final int STEPS_TAKEN = 0;
    private static final int APPLIED_COEFFICIENT = 1;
    private static final String STATE_KEY = "view";

    private final XUpdater config;
    private INDArray view;
    private long numParams = -1;
    private GradientUpdater<?> stock;
    private INDArray baseState;
    private INDArray[] extraState;
    private INDArray scalars;
    private PredictionMode mode = PredictionMode.UPDATER_ONLY;
    /** The Spark-task check runs at this instance's first updater-only step only (it is reflective). */
    private boolean sparkTaskChecked;
    private INDArray parameters;
    /** During {@link #applyUpdater}: the prediction applied to the parameters before this step (or null). */
    private INDArray appliedBeforeStep;

    XGradientUpdater(XUpdater config, INDArray viewArray, boolean initialize) {
        this.config = config;
        setView(viewArray, initialize);
    }

    private void setView(INDArray viewArray, boolean initialize) {
        this.view = viewArray.reshape(viewArray.length());
        if (initialize) {
            view.assign(0);
        }
        this.numParams = -1;
        this.stock = null;
    }

    /** Fixes the state layout once the block size N is known. */
    private void layout(long n) {
        if (numParams == n) {
            return;
        }
        if (numParams != -1) {
            throw new IllegalArgumentException(config.name() + ": array of length " + n
                    + " does not match this updater block of " + numParams + " parameters");
        }
        long base = config.baseStateSize(n);
        int extras = config.extraStateArrays();
        long scalarsLength = view.length() - base - extras * n;
        if (scalarsLength < XUpdater.SCALAR_SLOTS || scalarsLength % XUpdater.SCALAR_SLOTS != 0) {
            throw new IllegalStateException(config.name() + ": state view of length " + view.length()
                    + " does not fit a block of " + n + " parameters");
        }
        baseState = view.get(NDArrayIndex.interval(0, base));
        extraState = new INDArray[extras];
        for (int i = 0; i < extras; i++) {
            extraState[i] = view.get(NDArrayIndex.interval(base + i * n, base + (i + 1) * n));
        }
        scalars = view.get(NDArrayIndex.interval(base + extras * n, view.length()));
        numParams = n;
    }

    // ---------------------------------------------------------------------------------------------------------
    // State access for the optimizer definitions (XUpdater subclasses)
    // ---------------------------------------------------------------------------------------------------------

    /** @return the stock DL4J updater running on the stock part of the state (null for optimizers without one). */
    GradientUpdater<?> stockUpdater() {
        if (stock == null) {
            // Created at the first base step, not before: the stock part then gets the stock initial values (e.g. ε
            // for RmsProp) only if no step was taken, so a state that DL4J assigned into the view after construction
            // (model restore) is kept, and a prediction (pure) never initializes anything.
            stock = config.instantiateBase(baseState, stepsTaken() == 0);
        }
        return stock;
    }

    /** @return the {@code index}-th N-length array of the base state, in the stock layout (e.g. Adam: 0 = m, 1 = v). */
    INDArray baseState(int index) {
        return baseState.get(NDArrayIndex.interval(index * numParams, (index + 1) * numParams));
    }

    /** @return how many N-length arrays the base state has (stock layout; e.g. Adam: 2, AMSGrad: 3). */
    int baseStateArrays() { return (int) (baseState.length() / numParams); }

    /** @return the {@code index}-th extra N-length array. */
    INDArray extraState(int index) { return extraState[index]; }

    /** @return the number of base steps applied so far (saturates at 2^24 for FLOAT state). */
    long stepsTaken() { return (long) scalars.getDouble(STEPS_TAKEN); }

    /**
     * Adds decoupled weight decay {@code scale·θ} to the update, θ being the true parameters: the parameter view in
     * listener mode, the parameter view plus the applied prediction in updater-only mode.
     */
    void addDecoupledDecay(INDArray update, double scale) {
        requireParameters();
        Nd4j.exec(new Axpy(parameters, update, update, scale));
        if (appliedBeforeStep != null) {
            Nd4j.exec(new Axpy(appliedBeforeStep, update, update, scale));
        }
    }

    void requireParameters() {
        if (parameters == null) {
            throw new IllegalStateException(config.name() + " applies decoupled weight decay to the parameters, which a "
                    + "DL4J GradientUpdater does not see: call XGrad.attach(network) once after network.init(), or "
                    + "train with a WeightPredictionListener (it attaches them). No weights were changed.");
        }
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
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.put(STATE_KEY, view);
        return state;
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

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        layout(gradient.length());
        INDArray update = gradient.reshape(gradient.length());
        INDArray scratch = null;
        boolean updaterOnly = mode == PredictionMode.UPDATER_ONLY;
        if (updaterOnly && appliedCoefficient() != 0) {
            // P_t, from the state before this step: kept for the shift below and for XAdamW's true θ
            scratch = Nd4j.createUninitialized(update.dataType(), update.length());
            if (!appliedWeightChange(scratch, iteration)) {
                scratch = null;
            }
        }
        appliedBeforeStep = scratch;
        if (config.keepsLastGradient()) {
            extraState[0].assign(update);
        }
        try {
            config.applyBaseStep(this, update, iteration, epoch);
        } finally {
            appliedBeforeStep = null;
        }
        scalars.putScalar(STEPS_TAKEN, scalars.getDouble(STEPS_TAKEN) + 1);
        if (!updaterOnly) {
            return;
        }
        if (!sparkTaskChecked) {
            sparkTaskChecked = true;
            SparkTaskGuard.checkUpdaterOnlyStep();
        }
        // U = u_t − P_t + P_{t+1}: DL4J's params −= U moves θ̂_t = θ_t − P_t to θ̂_{t+1} = θ_{t+1} − P_{t+1}
        if (scratch != null) {
            update.subi(scratch);
        }
        scalars.putScalar(APPLIED_COEFFICIENT, coefficient(iteration + 1, epoch));
        double next = appliedCoefficient();
        if (next != 0) {
            if (scratch == null) {
                scratch = Nd4j.createUninitialized(update.dataType(), update.length());
            }
            config.writeStepDirection(this, scratch, iteration + 1);
            Nd4j.exec(new Axpy(scratch, update, update, next));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // WeightPredictor: eq. (26)
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public int getPredictionSteps() { return config.getPredictionSteps(); }

    /** {@code s·γ(iteration, epoch)}; 0 when s = 0. */
    private double coefficient(int iteration, int epoch) {
        return config.getPredictionSteps() == 0 ? 0
                : config.getPredictionSteps() * config.predictionRate(iteration, epoch);
    }

    /** The coefficient of the prediction currently applied to the parameters (0 = none); needs the layout. */
    private double appliedCoefficient() { return scalars.getDouble(APPLIED_COEFFICIENT); }

    @Override
    public boolean appliedWeightChange(INDArray target, int iteration) {
        layout(target.length());
        INDArray flat = target.reshape(target.length());
        double coefficient = appliedCoefficient();
        if (coefficient == 0 || stepsTaken() == 0) {
            flat.assign(0);
            return false;
        }
        config.writeStepDirection(this, flat, iteration);
        flat.muli(coefficient);
        return true;
    }

    @Override
    public boolean predictWeights(INDArray target, INDArray theta, int iteration, int epoch) {
        layout(target.length());
        INDArray flat = target.reshape(target.length());
        INDArray base = theta.reshape(theta.length());
        double coefficient = coefficient(iteration, epoch);
        if (coefficient == 0 || stepsTaken() == 0) {
            flat.assign(base);
            return false;
        }
        config.writeStepDirection(this, flat, iteration);
        Nd4j.exec(new Axpy(flat, base, flat, -coefficient));
        return true;
    }

    @Override
    public PredictionMode getMode() { return mode; }

    @Override
    public void setMode(PredictionMode mode, int appliedIteration, int appliedEpoch) {
        if (appliedIteration != NOTHING_APPLIED && mode != PredictionMode.UPDATER_ONLY) {
            throw new IllegalArgumentException(config.name() + ": in " + mode + " mode the parameters hold θ");
        }
        this.mode = mode;
        if (scalars == null) {
            if (appliedIteration != NOTHING_APPLIED) {
                throw new IllegalStateException(config.name() + ": block size unknown yet; call predictWeights first");
            }
            return; // the applied coefficient is recorded per block; callers read appliedWeightChange first
        }
        scalars.putScalar(APPLIED_COEFFICIENT, appliedIteration == NOTHING_APPLIED || stepsTaken() == 0 ? 0
                : coefficient(appliedIteration, appliedEpoch));
    }

    @Override
    public void attachParameters(INDArray blockParams) {
        this.parameters = blockParams == null ? null : blockParams.reshape(blockParams.length());
    }
}
