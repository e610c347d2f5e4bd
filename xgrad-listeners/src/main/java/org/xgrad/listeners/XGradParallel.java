package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.DefaultTrainerContext;
import org.deeplearning4j.parallelism.factory.SymmetricTrainerContext;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.deeplearning4j.parallelism.trainer.DefaultTrainer;
import org.deeplearning4j.parallelism.trainer.SymmetricTrainer;
import org.deeplearning4j.parallelism.trainer.Trainer;

/**
 * Weight prediction with DL4J's {@link ParallelWrapper} (single-machine data parallelism): one call after building
 * the wrapper, before {@code fit}.
 *
 * <p>Every {@code fit} of a ParallelWrapper builds its trainers anew; each trains a replica of the model (worker 0 the
 * model itself) with {@code fit(DataSet)}, which has no epoch-start event, so a listener alone would first reach a
 * replica inside its first iteration (a late installation: that iteration unpredicted). The wrapper's trainers are
 * therefore replaced by DL4J's own trainers ({@code DefaultTrainer} for averaging, {@code SymmetricTrainer} for shared
 * gradients) extended by one step: after DL4J set up the replica's listeners ({@code postInit}), prediction is
 * installed, before the first iteration. Replicas hold θ between iterations, so parameter and updater averaging
 * average true weights and base-optimizer states.
 */
public final class XGradParallel {

    private XGradParallel() {
    }

    /**
     * Puts a {@link WeightPredictionListener} among {@code wrapper}'s listeners (unless one is there; a listener the
     * model had when the wrapper was built is there) and makes its trainers install it on every replica before the
     * replica's first iteration.
     *
     * @return the listener
     * @throws IllegalArgumentException if the wrapper was built with a trainer context of the user's own
     */
    public static WeightPredictionListener enablePrediction(ParallelWrapper wrapper) {
        org.xgrad.updaters.internal.Arguments.notNull(wrapper, "XGradParallel.enablePrediction", "wrapper");
        WeightPredictionListener listener = null;
        for (TrainingListener l : wrapper.getListeners()) {
            if (l instanceof WeightPredictionListener) {
                WeightPredictionListener existing = (WeightPredictionListener) l;
                listener = existing;
            }
        }
        if (listener == null) {
            listener = new WeightPredictionListener();
            wrapper.setListeners(listener); // appends
        }
        TrainerContext context = wrapper.getTrainerContext();
        if (!(context instanceof PredictingTrainers)) {
            if (!(context instanceof DefaultTrainerContext) && !(context instanceof SymmetricTrainerContext)) {
                throw new IllegalArgumentException("XGradParallel.enablePrediction: the wrapper's trainer context "
                        + context.getClass().getName() + " is not one of DL4J's (DefaultTrainerContext, "
                        + "SymmetricTrainerContext); install XGrad.enablePrediction(replica) in your own trainer");
            }
            wrapper.setTrainerContext(new PredictingTrainers(context));
        }
        return listener;
    }

    /** DL4J's trainer context, with trainers that install prediction on their replica. */
    static final class PredictingTrainers implements TrainerContext {
        private final TrainerContext stock;

        PredictingTrainers(TrainerContext stock) {
            this.stock = stock;
        }

        @Override
        public void init(Model model, Object... args) { stock.init(model, args); }

        @Override
        public Trainer create(String uuid, int threadId, Model model, int rootDevice, boolean useMDS,
                              ParallelWrapper wrapper, WorkspaceMode mode, int averagingFrequency) {
            Thread trainer = stock instanceof SymmetricTrainerContext
                    ? new SymmetricPredicting(model, uuid, threadId, mode, wrapper, useMDS)
                    : new Predicting(uuid, threadId, model, wrapper, mode, useMDS, averagingFrequency);
            trainer.setName("XGrad " + trainer.getClass().getSimpleName() + " thread " + threadId);
            trainer.setDaemon(true);
            return (Trainer) trainer;
        }

        @Override
        public void finalizeRound(Model originalModel, Model... models) { stock.finalizeRound(originalModel, models); }

        @Override
        public void finalizeTraining(Model originalModel, Model... models) {
            stock.finalizeTraining(originalModel, models);
        }
    }

    /** DL4J's averaging trainer (as {@code DefaultTrainerContext} sets it up) + prediction installed in postInit. */
    static final class Predicting extends DefaultTrainer {
        Predicting(String uuid, int threadId, Model model, ParallelWrapper wrapper, WorkspaceMode mode,
                   boolean useMDS, int averagingFrequency) {
            this.originalModel = model;
            this.replicatedModel = model;
            this.threadId = threadId;
            this.parallelWrapper = wrapper;
            this.workspaceMode = mode;
            this.useMDS = useMDS;
            this.uuid = uuid + "_thread_" + threadId;
            this.averagingFrequency = averagingFrequency;
        }

        @Override
        protected void postInit() {
            super.postInit();
            XGrad.enablePrediction(replicatedModel);
        }
    }

    /** DL4J's gradient-sharing trainer + prediction installed in postInit (the hook wraps its accumulator). */
    static final class SymmetricPredicting extends SymmetricTrainer {
        SymmetricPredicting(Model model, String uuid, int threadId, WorkspaceMode mode, ParallelWrapper wrapper,
                            boolean useMDS) {
            super(model, uuid, threadId, mode, wrapper, useMDS);
        }

        @Override
        protected void postInit() {
            super.postInit();
            XGrad.enablePrediction(replicatedModel);
        }
    }
}
