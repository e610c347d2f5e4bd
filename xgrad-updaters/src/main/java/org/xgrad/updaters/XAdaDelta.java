package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * XGrad on DL4J's {@link AdaDelta}: the same constructors and defaults as {@code AdaDelta} (ρ 0.95, ε 1e-6; no
 * learning rate), plus the prediction steps s. The base step is DL4J's own; Δθ is its last step ({@link XWrapped}'s
 * definition with γ = 1: Table I has no AdaDelta row).
 */
public class XAdaDelta extends XWrapped {

    /** ρ 0.95, ε 1e-6 (DL4J's {@code AdaDelta}). */
    public XAdaDelta(int predictionSteps) { this(new AdaDelta(), predictionSteps); }

    /** As DL4J's {@code AdaDelta(rho, epsilon)}, plus the prediction steps s; every other hyperparameter at its default. */
    public XAdaDelta(double rho, double epsilon, int predictionSteps) {
        this(new AdaDelta(rho, epsilon), predictionSteps);
    }

    @JsonCreator
    private XAdaDelta(@JsonProperty("base") IUpdater base, @JsonProperty("predictionSteps") int predictionSteps) {
        super(require(AdaDelta.class, base, "XAdaDelta"), predictionSteps);
    }
}
