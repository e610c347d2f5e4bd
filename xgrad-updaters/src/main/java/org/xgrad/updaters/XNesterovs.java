package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on DL4J's {@link Nesterovs} (Nesterov momentum): the same constructors and defaults as {@code Nesterovs}
 * (learning rate 0.1, momentum 0.9), plus the prediction steps s. The base step is DL4J's own; Δθ is its last step per
 * unit learning rate ({@link XWrapped}'s definition: Table I has no Nesterov row).
 *
 * <pre>.updater(new XNesterovs(0.1, 0.9, 1))   // where the network had .updater(new Nesterovs(0.1, 0.9))</pre>
 */
public class XNesterovs extends XWrapped {

    /** Default learning rate 0.1, momentum 0.9 (DL4J's {@code Nesterovs}). */
    public XNesterovs(int predictionSteps) { this(new Nesterovs(), predictionSteps); }

    /** As DL4J's {@code Nesterovs(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XNesterovs(double learningRate, int predictionSteps) { this(new Nesterovs(learningRate), predictionSteps); }

    /** As DL4J's {@code Nesterovs(learningRate, momentum)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XNesterovs(double learningRate, double momentum, int predictionSteps) {
        this(new Nesterovs(learningRate, momentum), predictionSteps);
    }

    /** As DL4J's {@code Nesterovs(learningRate)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XNesterovs(ISchedule learningRate, int predictionSteps) { this(new Nesterovs(learningRate), predictionSteps); }

    /** As DL4J's {@code Nesterovs(learningRate, momentum)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XNesterovs(ISchedule learningRate, double momentum, int predictionSteps) {
        this(new Nesterovs(learningRate, momentum), predictionSteps);
    }

    /** A momentum schedule, as DL4J's {@code Nesterovs(learningRate, momentumSchedule)}. */
    public XNesterovs(double learningRate, ISchedule momentum, int predictionSteps) {
        this(new Nesterovs(learningRate, momentum), predictionSteps);
    }

    /** As DL4J's {@code Nesterovs(learningRate, momentum)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XNesterovs(ISchedule learningRate, ISchedule momentum, int predictionSteps) {
        this(new Nesterovs(learningRate, momentum), predictionSteps);
    }

    @JsonCreator
    private XNesterovs(@JsonProperty("base") IUpdater base, @JsonProperty("predictionSteps") int predictionSteps) {
        super(require(Nesterovs.class, base, "XNesterovs"), predictionSteps);
    }
}
