package org.xgrad.updaters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdaBeliefUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.stream.Stream;

import static org.xgrad.updaters.Arrays2.assertIdentical;

/**
 * Base update = DL4J's stock updater, bit for bit, over 25 steps of random gradients, in FLOAT and DOUBLE:
 * with s = 0 in updater-only mode, and with s = 2 in listener mode (where the updater applies the base step alone).
 * The stock state arrays sit first in the X state view and equal the stock updater's state bit for bit.
 * XAdamW is compared with stock Adam followed by DL4J's {@code WeightDecay(λ, applyLR=true)} op, applied once.
 */
class StockEquivalenceTest {

    static final int N = 11;

    static Stream<Arguments> cases() {
        return UpdaterCases.withStockTwin().stream().flatMap(c -> Stream.of(
                Arguments.of(c, 0, PredictionMode.UPDATER_ONLY, DataType.DOUBLE),
                Arguments.of(c, 2, PredictionMode.LISTENER, DataType.DOUBLE),
                Arguments.of(c, 0, PredictionMode.UPDATER_ONLY, DataType.FLOAT),
                Arguments.of(c, 2, PredictionMode.LISTENER, DataType.FLOAT)));
    }

    /**
     * The stock updater; AdaBelief's own instantiate fails on 1-D views in M2.1, so it is set up on a row view; a
     * stateless one (Sgd) takes no view.
     */
    static GradientUpdater<?> instantiateStock(IUpdater config, INDArray view) {
        if (view.length() == 0) {
            return config.instantiate((INDArray) null, true);
        }
        if (config instanceof AdaBelief adaBelief) {
            AdaBeliefUpdater u = new AdaBeliefUpdater(adaBelief);
            u.setStateViewArray(view.reshape(1, view.length()), new long[] {view.length() / 2}, 'c', true);
            return u;
        }
        return config.instantiate(view, true);
    }

    @ParameterizedTest(name = "{0} s={1} {2} {3}")
    @MethodSource("cases")
    void baseUpdateEqualsStockBitForBit(UpdaterCases.Case c, int s, PredictionMode mode, DataType type) {
        IUpdater stockConfig = c.stock();
        INDArray stockView = Nd4j.zeros(type, stockConfig.stateSize(N));
        GradientUpdater<?> stock = instantiateStock(stockConfig, stockView);

        XUpdater config = c.withSteps(s);
        INDArray xView = Nd4j.zeros(type, config.stateSize(N));
        XGradientUpdater x = (XGradientUpdater) config.instantiate(xView, true);
        Nd4j.getRandom().setSeed(3);
        INDArray params = Nd4j.randn(type, N);
        x.weights().attach(params);
        if (mode == PredictionMode.LISTENER) {
            x.weights().toListenerMode(0);
        }

        for (int t = 0; t < 25; t++) {
            INDArray gradient = Nd4j.randn(type, N).muli(0.3);
            INDArray expected = gradient.dup();
            INDArray actual = gradient.dup();
            stock.applyUpdater(expected, t, 0);
            if (c.decoupledDecay() > 0) {
                Nd4j.exec(new Axpy(params, expected, expected, c.learningRate() * c.decoupledDecay()));
            }
            x.applyUpdater(actual, t, 0);
            assertIdentical(expected, actual, c + " update t=" + t);
            if (stockView.length() > 0) { // Sgd keeps none (ND4J's interval(0, 0) would be the whole view)
                assertIdentical(stockView, xView.get(NDArrayIndex.interval(0, stockView.length())), c + " state t=" + t);
            }
            params.subi(expected);
        }
    }
}
