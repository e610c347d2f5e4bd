package org.xgrad.listeners;

import org.junit.jupiter.params.provider.EnumSource;

import org.nd4j.linalg.learning.config.RmsProp;

import org.nd4j.linalg.learning.config.Nadam;

import org.nd4j.linalg.learning.config.AMSGrad;

import org.nd4j.linalg.learning.config.AdaMax;

import org.nd4j.linalg.learning.config.AdaGrad;

import org.nd4j.linalg.learning.config.AdaBelief;

import org.nd4j.linalg.learning.config.NoOp;

import org.nd4j.linalg.learning.config.Sgd;

import org.xgrad.testing.Diff;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;
import org.xgrad.updaters.PredictionMode;
import org.xgrad.updaters.ReferenceOptimizer;
import org.xgrad.updaters.XAdam;
import org.xgrad.updaters.XWrapped;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link XWrapped} in a network (DOUBLE), trajectory by trajectory, s ∈ {0, 1, 2}, both modes: wrapped Adam = XAdam,
 * wrapped Nesterovs and AdaDelta = the plain-Java Algorithm 1 with their DL4J update rules, an updater written here =
 * Algorithm 1 with its rule, and s = 0 = the base bit for bit.
 */
class WrappedTest {

    static final int ITERATIONS = 30;
    static final double TOL = 1e-12;

    static Stream<Arguments> stepsAndModes() {
        return Stream.of(0, 1, 2).flatMap(s -> Stream.of(PredictionMode.values()).map(m -> Arguments.of(s, m)));
    }

    static double run(IUpdater a, IUpdater b, PredictionMode mode) {
        MultiLayerNetwork x = ReferenceMlp.network(a);
        MultiLayerNetwork y = ReferenceMlp.network(b);
        Modes.prepare(mode, x);
        Modes.prepare(mode, y);
        double max = 0;
        for (DataSet batch : ReferenceMlp.batches(ITERATIONS, 6, 17)) {
            x.fit(batch);
            y.fit(batch);
            max = Math.max(max, Diff.maxAbs(Modes.trueParams(mode, x).toDoubleVector(),
                    Modes.trueParams(mode, y)));
        }
        return max;
    }

    @ParameterizedTest(name = "s={0} {1}")
    @MethodSource("stepsAndModes")
    void wrappedAdamIsXAdam(int s, PredictionMode mode) {
        double max = run(new XWrapped(new Adam(0.01), s), new XAdam(0.01, s), mode);
        System.out.printf("WRAPPED Adam vs XAdam s=%d %-12s max|Δθ| = %.3e%n", s, mode, max);
        assertTrue(max <= TOL, "max |Δθ| = " + max);
    }

    static double againstAlgorithmOne(IUpdater updater, ReferenceOptimizer reference, double gamma, int s,
                                      PredictionMode mode) {
        MultiLayerNetwork net = ReferenceMlp.network(updater);
        Modes.prepare(mode, net);
        AlgorithmOne<DataSet> algorithm = new AlgorithmOne<>(new ReferenceOptimizer.Wrapped(reference), s, gamma,
                net.params().toDoubleVector());
        double[] run = algorithm.followedBy(ReferenceMlp.batches(ITERATIONS, 6, 23), ReferenceMlp::gradient, net::fit,
                () -> Modes.trueParams(mode, net));
        double max = run[0];
        double moved = run[1];
        assertEquals(s > 0, moved > 1e-6, "the prediction moves the weights iff s > 0: " + moved);
        return max;
    }

    @ParameterizedTest(name = "s={0} {1}")
    @MethodSource("stepsAndModes")
    void wrappedNesterovsAndAdaDeltaFollowAlgorithmOne(int s, PredictionMode mode) {
        double nesterovs = againstAlgorithmOne(new XWrapped(new Nesterovs(0.05, 0.8), s),
                new ReferenceOptimizer.Nesterovs(ReferenceMlp.N, 0.05, 0.8), 0.05, s, mode);
        double adaDelta = againstAlgorithmOne(new XWrapped(new AdaDelta(0.9, 1e-5), s),
                new ReferenceOptimizer.AdaDelta(ReferenceMlp.N, 0.9, 1e-5), 1, s, mode);
        System.out.printf("WRAPPED s=%d %-12s Nesterovs max|Δθ| = %.3e, AdaDelta max|Δθ| = %.3e%n", s, mode,
                nesterovs, adaDelta);
        assertTrue(nesterovs <= TOL, "Nesterovs: " + nesterovs);
        assertTrue(adaDelta <= TOL, "AdaDelta: " + adaDelta);
    }

    /**
     * DL4J's stateless updaters, which take no state view at all: plain SGD and NoOp (which applies the raw gradient,
     * as plain SGD with learning rate 1) follow Algorithm 1 (heavy ball with μ = 0 is plain SGD).
     */
    @ParameterizedTest(name = "s={0} {1}")
    @MethodSource("stepsAndModes")
    void statelessSgdAndNoOpFollowAlgorithmOne(int s, PredictionMode mode) {
        double sgd = againstAlgorithmOne(new XWrapped(new Sgd(0.05), s),
                new ReferenceOptimizer.Sgdm(ReferenceMlp.N, 0.05, 0, 0), 0.05, s, mode);
        double noOp = againstAlgorithmOne(new XWrapped(new NoOp(), s),
                new ReferenceOptimizer.Sgdm(ReferenceMlp.N, 1, 0, 0), 1, s, mode);
        assertTrue(sgd <= TOL, "XWrapped(Sgd) s=" + s + " " + mode + ": " + sgd);
        assertTrue(noOp <= TOL, "XWrapped(NoOp) s=" + s + " " + mode + ": " + noOp);
    }

    /** Every updater of {@code org.nd4j.linalg.learning.config}, wrapped, trains in both modes (NoOp: the raw gradient). */
    @ParameterizedTest
    @EnumSource(PredictionMode.class)
    void everyStockUpdaterTrainsWrapped(PredictionMode mode) {
        IUpdater[] stock = {new AdaBelief(0.01), new AdaDelta(), new AdaGrad(0.05), new AdaMax(0.01), new Adam(0.01),
                new AMSGrad(0.01), new Nadam(0.01), new Nesterovs(0.05), new NoOp(), new RmsProp(0.01),
                new Sgd(0.05)};
        for (IUpdater base : stock) {
            MultiLayerNetwork net = ReferenceMlp.network(new XWrapped(base, 1));
            Modes.prepare(mode, net);
            INDArray before = net.params().dup();
            for (DataSet batch : ReferenceMlp.batches(6, 6, 11)) {
                net.fit(batch);
            }
            INDArray theta = Modes.trueParams(mode, net);
            String what = base.getClass().getSimpleName() + " " + mode;
            assertTrue(Double.isFinite(net.score()) && Double.isFinite(theta.sumNumber().doubleValue()), what);
            assertTrue(Diff.maxAbs(before, theta) > 0, what + ": θ moved");
        }
    }

    /** s = 0: the base optimizer bit for bit, in both modes. */
    @Test
    void zeroStepsIsTheBaseBitForBit() {
        for (IUpdater base : new IUpdater[] {new Nesterovs(0.05, 0.8), new AdaDelta(), new SignDescent(0.01)}) {
            for (PredictionMode mode : PredictionMode.values()) {
                assertEquals(0.0, run(new XWrapped(base, 0), base.clone(), mode), base + " " + mode);
            }
        }
    }

    /** An updater of the user's own: sign descent, u = γ·sign(g), no state. */
    static final class SignDescent implements IUpdater {
        private double learningRate;

        SignDescent(double learningRate) {
            this.learningRate = learningRate;
        }

        @Override
        public long stateSize(long numParams) {
            return 0;
        }

        @Override
        public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
            IUpdater config = this;
            return new GradientUpdater<IUpdater>() {
                @Override
                public IUpdater getConfig() {
                    return config;
                }

                @Override
                public void setStateViewArray(INDArray view, long[] shape, char order, boolean initialize) {
                }

                @Override
                public void setState(Map<String, INDArray> state, boolean initialize) {
                }

                @Override
                public Map<String, INDArray> getState() {
                    return Map.of();
                }

                @Override
                public void applyUpdater(INDArray gradient, int iteration, int epoch) {
                    org.nd4j.linalg.ops.transforms.Transforms.sign(gradient, false).muli(learningRate);
                }
            };
        }

        @Override
        public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
            return instantiate((INDArray) null, initialize);
        }

        @Override
        public SignDescent clone() {
            return new SignDescent(learningRate);
        }

        @Override
        public double getLearningRate(int iteration, int epoch) {
            return learningRate;
        }

        @Override
        public boolean hasLearningRate() {
            return true;
        }

        @Override
        public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
            learningRate = lr;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SignDescent d && d.learningRate == learningRate;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(learningRate);
        }
    }

    /** Sign descent's reference: u = γ·sign(g). */
    static final class SignReference extends ReferenceOptimizer {
        final int n;

        SignReference(int n, double lr) {
            super(lr);
            this.n = n;
        }

        @Override
        public double[] step(double[] g, int iteration, double[] theta) {
            double[] u = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                u[i] = lr * Math.signum(g[i]);
            }
            stepsTaken++;
            return u;
        }

        @Override
        public double[] direction(int k) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected int dim() {
            return n;
        }
    }

    @ParameterizedTest(name = "s={0} {1}")
    @MethodSource("stepsAndModes")
    void anUpdaterOfTheUsersOwnFollowsAlgorithmOne(int s, PredictionMode mode) {
        double max = againstAlgorithmOne(new XWrapped(new SignDescent(0.01), s),
                new SignReference(ReferenceMlp.N, 0.01), 0.01, s, mode);
        assertTrue(max <= TOL, "max |Δθ| = " + max);
    }
}
