package org.xgrad.listeners;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.factory.TrainerContext;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.xgrad.updaters.XAdam;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrong arguments to the entry points of xgrad-listeners: one clear error naming the argument, and the network's
 * weights unchanged (docs/design.md, "Bad input", lists every case of every module).
 */
class BadInputTest {

    static final MultiLayerNetwork NET = trained();

    static MultiLayerNetwork trained() {
        MultiLayerNetwork net = ReferenceMlp.network(new XAdam(0.01, 1));
        ReferenceMlp.batches(3, 6, 5).forEach(net::fit);
        return net;
    }

    static MultiLayerNetwork lbfgs() {
        MultiLayerConfiguration conf = ReferenceMlp.configuration(new XAdam(0.01, 1));
        conf.getConfs().forEach(c -> c.setOptimizationAlgo(OptimizationAlgorithm.LBFGS));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static Stream<Arguments> cases() {
        MultiLayerNetwork lbfgs = lbfgs();
        MultiLayerNetwork twice = ReferenceMlp.network(new XAdam(0.01, 1));
        XGrad.enablePrediction(twice);
        ParallelWrapper custom = new ParallelWrapper.Builder<>(ReferenceMlp.network(new XAdam(0.01, 1))).build();
        custom.setTrainerContext(new TrainerContext() {
            public void init(Model model, Object... args) { }
            public org.deeplearning4j.parallelism.trainer.Trainer create(String uuid, int threadId, Model model,
                    int rootDevice, boolean useMDS, ParallelWrapper wrapper,
                    org.deeplearning4j.nn.conf.WorkspaceMode mode, int averagingFrequency) { return null; }
            public void finalizeRound(Model originalModel, Model... models) { }
            public void finalizeTraining(Model originalModel, Model... models) { }
        });
        SameDiff untrained = SameDiff.create();
        String model = "XGrad: model must be a MultiLayerNetwork or a ComputationGraph, got ";
        return Stream.of(
                bad("enablePrediction(null)", model + "null", NET, () -> XGrad.enablePrediction((Model) null)),
                bad("attach(null)", model + "null", NET, () -> XGrad.attach((Model) null)),
                bad("trueParams(null)", model + "null", NET, () -> XGrad.trueParams((Model) null)),
                bad("restoreTrueParams(null)", model + "null", NET, () -> XGrad.restoreTrueParams((Model) null)),
                bad("enablePrediction(a layer)", model + "org.deeplearning4j.nn.layers", NET,
                        () -> XGrad.enablePrediction(NET.getLayer(0))),
                bad("listener.install(null)", model + "null", NET, () -> new WeightPredictionListener().install(null)),
                bad("enablePrediction(LBFGS network)", "STOCHASTIC_GRADIENT_DESCENT loop; this network uses LBFGS",
                        lbfgs, () -> XGrad.enablePrediction(lbfgs)),
                bad("a second listener", "A second WeightPredictionListener", twice,
                        () -> { WeightPredictionListener second = new WeightPredictionListener();
                            twice.addListeners(second); second.install(twice); }),
                bad("enablePrediction((SameDiff) null)", "XGrad: sd (the SameDiff graph) must not be null", NET,
                        () -> XGrad.enablePrediction((SameDiff) null)),
                bad("attach((SameDiff) null)", "XGrad: sd (the SameDiff graph) must not be null", NET,
                        () -> XGrad.attach((SameDiff) null)),
                bad("trueParams((SameDiff) null)", "XGrad: sd (the SameDiff graph) must not be null", NET,
                        () -> XGrad.trueParams((SameDiff) null)),
                bad("attach(SameDiff without TrainingConfig)", "has no training configuration", NET,
                        () -> XGrad.attach(untrained)),
                bad("new SameDiffPredictionListener(null)", "SameDiffPredictionListener: graph must not be null",
                        NET, () -> new SameDiffPredictionListener(null)),
                bad("XGradParallel.enablePrediction(null)", "XGradParallel.enablePrediction: wrapper must not be null",
                        NET, () -> XGradParallel.enablePrediction(null)),
                bad("XGradParallel with a custom trainer context", "is not one of DL4J's", NET,
                        () -> XGradParallel.enablePrediction(custom)));
    }

    private static Arguments bad(String name, String message, MultiLayerNetwork net, Executable call) {
        return Arguments.of(name, message, net, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedClearlyWithTheWeightsUnchanged(String name, String message, MultiLayerNetwork net, Executable call) {
        double[] before = net.params().toDoubleVector();
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e instanceof IllegalArgumentException || e instanceof IllegalStateException, e.toString());
        assertTrue(e.getMessage().contains(message), name + ": " + e.getMessage());
        assertArrayEquals(before, net.params().toDoubleVector(), 0.0, name + ": weights unchanged");
    }
}
