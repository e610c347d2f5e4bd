package org.xgrad.examples.experiment;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.xgrad.updaters.XUpdater;
import org.xgrad.updaters.XWrapped;

import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * An optimizer setting's value: a family, with XGrad through its dedicated X-updater, or, written
 * {@code wrapped:adam}, through {@link XWrapped} around the family's stock DL4J updater (to compare the two ways).
 *
 * @param family  the base optimizer
 * @param wrapped XGrad through {@code XWrapped} instead of the dedicated X-updater
 */
public record Optimizer(OptimizerFamily family, boolean wrapped) {

    private static final String WRAPPED = "wrapped:";

    /** The optimizer names, then the wrapped form (picocli's completion candidates, so help texts list them). */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.concat(OptimizerFamily.NAMES.keys().stream(), Stream.of(WRAPPED + "NAME")).iterator();
        }
    }

    /** @return the optimizer named {@code name} (case-insensitive), e.g. "adam" or "wrapped:adam" */
    public static Optimizer parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.startsWith(WRAPPED)) {
            return new Optimizer(OptimizerFamily.parse(n, "optimizer"), false);
        }
        OptimizerFamily family = OptimizerFamily.parse(n.substring(WRAPPED.length()), "optimizer");
        SettingException.require(family.hasStockBase(), "{optimizer} " + name + ": " + family.label() + " has no stock "
                + "DL4J updater that trains a network the same way, so there is nothing to wrap; use {optimizer} "
                + family.optionValue());
        return new Optimizer(family, true);
    }

    public String label() { return family.label(); }

    /** @return the base optimizer (see {@link OptimizerFamily#base}) */
    public IUpdater base(ISchedule learningRate, double weightDecay) { return family.base(learningRate, weightDecay); }

    /** @return XGrad with {@code s} prediction steps: the dedicated X-updater, or {@code XWrapped} around the base */
    public XUpdater xgrad(ISchedule learningRate, int s, double weightDecay) {
        return wrapped ? new XWrapped(base(learningRate, weightDecay), s) : family.xgrad(learningRate, s, weightDecay);
    }

    public double defaultLearningRate() { return family.defaultLearningRate(); }

    public boolean decoupledWeightDecay() { return family.decoupledWeightDecay(); }

    /** e.g. "adam", "wrapped:adam" */
    public String optionValue() { return (wrapped ? WRAPPED : "") + family.optionValue(); }
}
