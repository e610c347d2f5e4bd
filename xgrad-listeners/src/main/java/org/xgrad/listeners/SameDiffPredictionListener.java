package org.xgrad.listeners;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerResponse;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.listeners.records.LossCurve;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;


/**
 * Algorithm 1 inside SameDiff's training loop ({@code SameDiff.fit}). SameDiff, unlike DL4J's networks, has an
 * iteration-start event, and it updates each variable as soon as its gradient is computed
 * ({@code TrainingSession}): regularization, updater and update of that variable follow the op that produced the
 * gradient, whose other inputs are then no longer needed by the backward pass. So:
 * <ol>
 *   <li>{@code iterationStart}: cache θ_t, write θ̂ into every X-updater variable (steps 1–2);</li>
 *   <li>{@code activationAvailable} of a variable's gradient: write θ_t back into that variable (step 4), before
 *   SameDiff regularizes, runs the updater (listener mode: base step only) and updates it;</li>
 *   <li>{@code preUpdate}, {@code iterationDone}, {@code epochEnd}: the same restore, as a safety net.</li>
 * </ol>
 * Outside an iteration the variables hold θ. The first iteration of a new graph predicts nothing (SameDiff creates
 * its updaters during it). One listener serves one graph: SameDiff calls the events of the backward pass with its
 * gradient function, another SameDiff instance, so the graph is fixed here. Install with
 * {@link XGrad#enablePrediction(SameDiff)}.
 */
public class SameDiffPredictionListener extends BaseListener {

    private final Prediction.Counters counters = Prediction.Counters.create();
    private final SameDiff graph;
    private final SameDiffPrediction prediction;

    /** A listener for {@code graph} (register it there; {@link XGrad#enablePrediction(SameDiff)} does both). */
    public SameDiffPredictionListener(SameDiff graph) {
        this.graph = org.xgrad.updaters.internal.Arguments.notNull(graph, "SameDiffPredictionListener", "graph");
        this.prediction = new SameDiffPrediction(graph, true, counters);
    }

    SameDiffPrediction prediction() { return prediction; }

    @Override
    public boolean isActive(Operation operation) { return operation == Operation.TRAINING; }

    @Override
    public void iterationStart(SameDiff sd, At at, MultiDataSet data, long etlMs) {
        if (sd != graph) {
            throw new IllegalStateException("This SameDiffPredictionListener belongs to another SameDiff graph; use "
                    + "XGrad.enablePrediction(sd) on each graph");
        }
        prediction.predict();
    }

    @Override
    public void activationAvailable(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, String varName,
                                    INDArray activation) {
        prediction.restoreForGradient(varName);
    }

    @Override
    public void preUpdate(SameDiff sd, At at, Variable v, INDArray update) { prediction.restoreVariable(v.getName()); }

    @Override
    public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) { prediction.restore(); }

    @Override
    public ListenerResponse epochEnd(SameDiff sd, At at, LossCurve lossCurve, long epochTimeMillis) {
        prediction.restore();
        return ListenerResponse.CONTINUE;
    }

    /** @return true between the iteration start and the restore, when a variable holds θ̂ */
    public boolean isPredictionApplied() { return prediction.predictionApplied(); }

    /** @return how many iterations ran their forward/backward pass at predicted weights */
    public long getPredictedIterations() { return counters.predictedIterations().sum(); }
}
