package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on DL4J's {@link Sgd} (plain SGD, no momentum: {@code θ ← θ − γ·g}): the same constructors and defaults as
 * {@code Sgd} (learning rate 1e-3), plus the prediction steps s. Δθ = g, the last gradient (kept in one extra array,
 * as {@link XWrapped} keeps the last step). For the paper's SGD with heavy-ball momentum use {@link XSgdm}.
 *
 * <pre>.updater(new XSgd(0.1, 1))   // where the network had .updater(new Sgd(0.1))</pre>
 */
public class XSgd extends XWrapped {

    /** DL4J's {@code Sgd} default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = Sgd.DEFAULT_SGD_LR;

    /** Default learning rate 1e-3 (DL4J's {@code Sgd}). */
    public XSgd(int predictionSteps) { this(DEFAULT_LEARNING_RATE, predictionSteps); }

    /** As DL4J's {@code Sgd(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XSgd(double learningRate, int predictionSteps) { this(new Sgd(learningRate), predictionSteps); }

    /** As DL4J's {@code Sgd(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XSgd(ISchedule learningRate, int predictionSteps) { this(new Sgd(learningRate), predictionSteps); }

    @JsonCreator
    private XSgd(@JsonProperty("base") IUpdater base, @JsonProperty("predictionSteps") int predictionSteps) {
        super(require(Sgd.class, base, "XSgd"), predictionSteps);
    }
}
