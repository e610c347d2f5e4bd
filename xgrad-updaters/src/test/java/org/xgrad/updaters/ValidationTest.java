package org.xgrad.updaters;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every invalid hyperparameter is rejected with a message naming the parameter, the value and the valid range. */
class ValidationTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("learningRate", "-0.1", "[0, +inf)", () -> new XAdam(-0.1, 1)),
                bad("learningRate", "NaN", "[0, +inf)", () -> new XSgdm(Double.NaN, 1)),
                bad("learningRate", "Infinity", "[0, +inf)", () -> new XRmsProp(Double.POSITIVE_INFINITY, 1)),
                bad("learningRate", "-1.0", "[0, +inf)", () -> XAdaGrad.builder().learningRate(-1).build()),
                bad("predictionSteps", "-1", ">= 0", () -> new XAdam(-1)),
                bad("predictionSteps", "-2", ">= 0", () -> new XSgdm(0.1, -2)),
                bad("beta1", "1.0", "[0, 1)", () -> XAdam.builder().beta1(1.0).build()),
                bad("beta1", "-0.1", "[0, 1)", () -> XNadam.builder().beta1(-0.1).build()),
                bad("beta2", "1.5", "[0, 1)", () -> XAMSGrad.builder().beta2(1.5).build()),
                bad("beta2", "NaN", "[0, 1)", () -> XAdaMax.builder().beta2(Double.NaN).build()),
                bad("epsilon", "0.0", "(0, +inf)", () -> XAdaBelief.builder().epsilon(0).build()),
                bad("epsilon", "-1.0E-8", "(0, +inf)", () -> XAdam.builder().epsilon(-1e-8).build()),
                bad("epsilon", "0.0", "(0, +inf)", () -> XRmsProp.builder().epsilon(0).build()),
                bad("epsilon", "0.0", "(0, +inf)", () -> XAdaGrad.builder().epsilon(0).build()),
                bad("rmsDecay", "1.0", "[0, 1)", () -> XRmsProp.builder().rmsDecay(1).build()),
                bad("momentum", "1.0", "[0, 1)", () -> XSgdm.builder().momentum(1).build()),
                bad("momentum", "-0.5", "[0, 1)", () -> XSgdm.builder().momentum(-0.5).build()),
                bad("dampening", "1.2", "[0, 1)", () -> XSgdm.builder().dampening(1.2).build()),
                bad("weightDecay", "-1.0E-4", "[0, +inf)", () -> new XAdamW(1e-3, 1, -1e-4)),
                bad("weightDecay", "NaN", "[0, +inf)", () -> XAdamW.builder().weightDecay(Double.NaN).build()),
                bad("learningRate", "-1.0", "[0, +inf)", () -> new XAdam(1).setLrAndSchedule(-1, null)),
                bad("predictionSteps", "-1", ">= 0", () -> new XWrapped(new org.nd4j.linalg.learning.config.Nesterovs(), -1)));
    }

    private static Arguments bad(String parameter, String value, String range, Executable construction) {
        return Arguments.of(parameter, value, range, construction);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalid")
    void rejectedWithMessage(String parameter, String value, String range, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        String m = e.getMessage();
        assertTrue(m.contains(parameter + " = " + value), m);
        assertTrue(m.contains(range), m);
    }

    @Test
    void wrappedRejectsNullAndXUpdatersAsBase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new XWrapped(null, 1));
        assertTrue(e.getMessage().contains("XWrapped: base must be a DL4J IUpdater, got null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new XWrapped(new XAdam(1), 1));
        assertTrue(e.getMessage().contains("base XAdam is an X-updater, which predicts already"), e.getMessage());
        XWrapped once = new XWrapped(new org.nd4j.linalg.learning.config.AdaDelta(), 1);
        e = assertThrows(IllegalArgumentException.class, () -> new XWrapped(once, 1));
        assertTrue(e.getMessage().contains("base XWrapped is an X-updater"), e.getMessage());
    }

    @Test
    void scheduleValuesAreCheckedWhenUsed() {
        ISchedule negative = new MapSchedule(ScheduleType.ITERATION, java.util.Map.of(0, 0.1, 5, -0.1));
        XAdam adam = new XAdam(negative, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.getLearningRate(6, 0));
        assertTrue(e.getMessage().contains("learningRateSchedule gave -0.1 at iteration 6"), e.getMessage());
    }

    @Test
    void invalidValuesAreRejectedOnJsonLoad() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(new XAdam(0.01, 1)).list()
                .layer(new OutputLayer.Builder().nIn(2).nOut(2).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .build();
        String json = conf.toJson();
        assertTrue(json.contains("\"beta1\" : 0.9"), json);
        String broken = json.replace("\"beta1\" : 0.9", "\"beta1\" : 1.5");
        RuntimeException e = assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(broken));
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        assertTrue(root instanceof IllegalArgumentException, "root cause: " + root);
        assertTrue(root.getMessage().contains("beta1 = 1.5"), root.getMessage());
    }

    @Test
    void updaterOnlyAdamWWithoutParametersFailsBeforeChangingAnything() {
        XUpdater config = new XAdamW(1e-3, 1, 1e-2);
        org.nd4j.linalg.api.ndarray.INDArray view = Arrays2.zeros(config.stateSize(4));
        XGradientUpdater u = (XGradientUpdater) config.instantiate(view, true);
        org.nd4j.linalg.api.ndarray.INDArray gradient = Arrays2.row(new double[] {1, 2, 3, 4});
        org.nd4j.linalg.api.ndarray.INDArray stateBefore = view.dup();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> u.applyUpdater(gradient, 0, 0));
        assertTrue(e.getMessage().contains("XGrad.attach"), e.getMessage());
        Arrays2.assertIdentical(stateBefore, view, "state after the refused step");
        Arrays2.assertIdentical(Arrays2.row(new double[] {1, 2, 3, 4}), gradient, "gradient after the refused step");
    }
}
