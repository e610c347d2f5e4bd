package org.xgrad.spark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.xgrad.listeners.XGrad;

/**
 * Installs weight prediction on a Spark worker's network before each minibatch. {@code ParameterAveragingTrainingMaster}
 * builds a fresh network on every worker for every averaging round (from the broadcast θ and optimizer state) and
 * trains it with {@code fit(DataSet)}, which has no epoch-start event: without this hook the first minibatch of every
 * round would run without prediction. {@link XGrad#enablePrediction} adds a {@code WeightPredictionListener} if the
 * worker's listeners lack one, so the workers hold the true θ whenever parameters are averaged. Installed by
 * {@link XGradSpark#enablePrediction}; all instances are equal, so it is registered at most once.
 */
public final class PredictionTrainingHook implements TrainingHook {

    private static final long serialVersionUID = 1L;

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        XGrad.enablePrediction(model);
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        XGrad.enablePrediction(model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        // the listener restored θ before the update; nothing to undo
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        // the listener restored θ before the update; nothing to undo
    }

    @Override
    public boolean equals(Object other) { return other instanceof PredictionTrainingHook; }

    @Override
    public int hashCode() { return PredictionTrainingHook.class.hashCode(); }
}
