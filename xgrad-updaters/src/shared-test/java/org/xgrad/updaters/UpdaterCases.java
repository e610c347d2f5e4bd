package org.xgrad.updaters;

import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Every X-updater with non-default hyperparameters, its plain-Java reference and its stock DL4J twin (null for
 * XSgdm). Hyperparameters differ from the defaults so that a swapped or ignored one shows.
 */
public final class UpdaterCases {

    public record Case(String name, IntFunction<XUpdater> updater, java.util.function.IntFunction<ReferenceOptimizer> reference,
                IUpdater stock, double learningRate, double decoupledDecay) {
        public XUpdater withSteps(int s) {
            return updater.apply(s);
        }

        public XUpdater withSchedule(ISchedule schedule, int s) {
            XUpdater u = updater.apply(s);
            u.setLrAndSchedule(Double.NaN, schedule);
            return u;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private UpdaterCases() {
    }

    public static List<Case> all() {
        return List.of(
                new Case("XSgdm", s -> XSgdm.builder().learningRate(0.05).momentum(0.8).dampening(0.1)
                        .predictionSteps(s).build(), n -> new ReferenceOptimizer.Sgdm(n, 0.05, 0.8, 0.1), null, 0.05, 0),
                new Case("XAdam", s -> XAdam.builder().learningRate(0.01).beta1(0.85).beta2(0.99).epsilon(1e-7)
                        .predictionSteps(s).build(), n -> new ReferenceOptimizer.Adam(n, 0.01, 0.85, 0.99, 1e-7, 0),
                        new Adam(0.01, 0.85, 0.99, 1e-7), 0.01, 0),
                new Case("XAdamW", s -> XAdamW.builder().learningRate(0.01).beta1(0.85).beta2(0.99).epsilon(1e-7)
                        .weightDecay(0.05).predictionSteps(s).build(),
                        n -> new ReferenceOptimizer.Adam(n, 0.01, 0.85, 0.99, 1e-7, 0.05),
                        new Adam(0.01, 0.85, 0.99, 1e-7), 0.01, 0.05),
                new Case("XNadam", s -> XNadam.builder().learningRate(0.01).beta1(0.85).beta2(0.99).epsilon(1e-7)
                        .predictionSteps(s).build(), n -> new ReferenceOptimizer.Nadam(n, 0.01, 0.85, 0.99, 1e-7),
                        new Nadam(0.01, 0.85, 0.99, 1e-7), 0.01, 0),
                new Case("XAMSGrad", s -> XAMSGrad.builder().learningRate(0.01).beta1(0.85).beta2(0.99).epsilon(1e-7)
                        .predictionSteps(s).build(), n -> new ReferenceOptimizer.AmsGrad(n, 0.01, 0.85, 0.99, 1e-7),
                        new AMSGrad(0.01, 0.85, 0.99, 1e-7), 0.01, 0),
                new Case("XAdaMax", s -> XAdaMax.builder().learningRate(0.01).beta1(0.85).beta2(0.99).epsilon(1e-7)
                        .predictionSteps(s).build(), n -> new ReferenceOptimizer.AdaMax(n, 0.01, 0.85, 0.99),
                        new AdaMax(0.01, 0.85, 0.99, 1e-7), 0.01, 0),
                new Case("XAdaBelief", s -> XAdaBelief.builder().learningRate(0.01).beta1(0.85).beta2(0.99)
                        .epsilon(1e-10).predictionSteps(s).build(),
                        n -> new ReferenceOptimizer.AdaBelief(n, 0.01, 0.85, 0.99, 1e-10),
                        new AdaBelief(0.01, 0.85, 0.99, 1e-10), 0.01, 0),
                new Case("XRmsProp", s -> XRmsProp.builder().learningRate(0.01).rmsDecay(0.9).epsilon(1e-6)
                        .predictionSteps(s).build(),
                        n -> new ReferenceOptimizer.SquaredGradient(n, 0.01, 0.9, 1e-6, false, 1e-6),
                        new RmsProp(0.01, 0.9, 1e-6), 0.01, 0),
                new Case("XAdaGrad", s -> XAdaGrad.builder().learningRate(0.05).epsilon(1e-5).predictionSteps(s)
                        .build(), n -> new ReferenceOptimizer.SquaredGradient(n, 0.05, 0, 1e-5, true, 1e-6),
                        new AdaGrad(0.05, 1e-5), 0.05, 0),
                new Case("XSgd", s -> new XSgd(0.05, s),
                        n -> new ReferenceOptimizer.Wrapped(new ReferenceOptimizer.Sgdm(n, 0.05, 0, 0)),
                        new Sgd(0.05), 0.05, 0),
                new Case("XNesterovs", s -> new XNesterovs(0.05, 0.8, s),
                        n -> new ReferenceOptimizer.Wrapped(new ReferenceOptimizer.Nesterovs(n, 0.05, 0.8)),
                        new Nesterovs(0.05, 0.8), 0.05, 0),
                new Case("XAdaDelta", s -> new XAdaDelta(0.9, 1e-5, s),
                        n -> new ReferenceOptimizer.Wrapped(new ReferenceOptimizer.AdaDelta(n, 0.9, 1e-5)),
                        new AdaDelta(0.9, 1e-5), 1, 0),
                new Case("XWrapped(Adam)", s -> new XWrapped(new Adam(0.01, 0.85, 0.99, 1e-7), s),
                        n -> new ReferenceOptimizer.Wrapped(new ReferenceOptimizer.Adam(n, 0.01, 0.85, 0.99, 1e-7, 0)),
                        new Adam(0.01, 0.85, 0.99, 1e-7), 0.01, 0),
                new Case("XWrapped(Nesterovs)", s -> new XWrapped(new Nesterovs(0.05, 0.8), s),
                        n -> new ReferenceOptimizer.Wrapped(new ReferenceOptimizer.Nesterovs(n, 0.05, 0.8)),
                        new Nesterovs(0.05, 0.8), 0.05, 0),
                new Case("XWrapped(AdaDelta)", s -> new XWrapped(new AdaDelta(0.9, 1e-5), s),
                        n -> new ReferenceOptimizer.Wrapped(new ReferenceOptimizer.AdaDelta(n, 0.9, 1e-5)),
                        new AdaDelta(0.9, 1e-5), 1, 0));
    }

    /** The cases whose learning rate can be set (a schedule); AdaDelta has none. */
    public static List<Case> withLearningRate() {
        return all().stream().filter(c -> c.withSteps(1).hasLearningRate()).toList();
    }

    static List<Case> withStockTwin() {
        return all().stream().filter(c -> c.stock() != null).toList();
    }
}
