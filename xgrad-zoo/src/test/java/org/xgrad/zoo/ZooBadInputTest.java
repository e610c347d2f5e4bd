package org.xgrad.zoo;

import org.nd4j.linalg.api.buffer.DataType;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xgrad.updaters.XAdam;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Wrong arguments to {@link XGradZoo}: one error naming the method and the argument. */
class ZooBadInputTest {

    private static final int[] CIFAR = {3, 32, 32};

    static Stream<Arguments> cases() {
        LeNet5 lenet = LeNet5.fashionMnist();
        Gnmt gnmt = new Gnmt(20, 8, 2, 5);
        return Stream.of(
                Arguments.of("XGradZoo.init: zoo must not be null", (Executable) () -> XGradZoo.init(null, new XAdam(1))),
                Arguments.of("XGradZoo.init: updater must not be null", (Executable) () -> XGradZoo.init(lenet, null)),
                Arguments.of("XGradZoo.initPretrained: type must not be null",
                        (Executable) () -> XGradZoo.initPretrained(lenet, null, new XAdam(1))),
                Arguments.of("XGradZoo.withUpdater: conf must not be null", (Executable) () -> XGradZoo.withUpdater(
                        (org.deeplearning4j.nn.conf.MultiLayerConfiguration) null, new XAdam(1))),
                Arguments.of("XGradZoo.withUpdater: updater must not be null",
                        (Executable) () -> XGradZoo.withUpdater(lenet.conf(), null)),
                Arguments.of("Vit: numClasses must be >= 2, got 0", (Executable) () -> new Vit(CIFAR, 0)),
                Arguments.of("AlexNetCifar: inputShape must not be null", (Executable) () -> new AlexNetCifar(null, 10)),
                Arguments.of("ResNetCifar: every inputShape entry must be >= 1, got 0",
                        (Executable) () -> ResNetCifar.resNet101(new int[] {3, 0, 32}, 10)),
                Arguments.of("ResNetCifar.width: width must be >= 1, got 0",
                        (Executable) () -> ResNetCifar.resNet101(CIFAR, 10).width(0)),
                Arguments.of("GoogLeNet.widthDivisor: divisor must be >= 1, got 0",
                        (Executable) () -> GoogLeNet.cifar10().widthDivisor(0)),
                Arguments.of("InceptionV3.widthDivisor: divisor must be >= 1, got -2",
                        (Executable) () -> InceptionV3.cifar10().widthDivisor(-2)),
                Arguments.of("DenseNet121.growthRate: growthRate must be >= 1, got 0",
                        (Executable) () -> DenseNet121.cifar10().growthRate(0)),
                Arguments.of("Vit.size: heads must be >= 1, got 0", (Executable) () -> Vit.cifar10().size(64, 2, 0, 8, 64)),
                Arguments.of("Vit.patch: patch must be >= 1, got 0", (Executable) () -> Vit.cifar10().patch(0)),
                Arguments.of("Vit.dropout: dropout must be in [0.0, 1.0), got 1.0",
                        (Executable) () -> Vit.cifar10().dropout(1, 0)),
                Arguments.of("Vit.dropout: embeddingDropout must be in [0.0, 1.0), got -0.1",
                        (Executable) () -> Vit.cifar10().dropout(0.1, -0.1)),
                Arguments.of("Vit.pooling: pooling must not be null", (Executable) () -> Vit.cifar10().pooling(null)),
                Arguments.of("Vit.patch: patch must divide the image height and width 32×32, got 3",
                        (Executable) () -> Vit.cifar10().patch(3)),
                Arguments.of("PatchEmbedding embedding: patch 4 must divide the image height and width, got 30×30",
                        (Executable) () -> new Vit(new int[] {3, 30, 30}, 10).conf()),
                Arguments.of("Gnmt: vocabulary must be >= 5, got 4", (Executable) () -> new Gnmt(4, 8, 2, 5)),
                Arguments.of("Gnmt: layers must be >= 2, got 1", (Executable) () -> new Gnmt(20, 8, 1, 5)),
                Arguments.of("Gnmt.dropout: p must be in [0.0, 1.0), got 1.5", (Executable) () -> gnmt.dropout(1.5)),
                Arguments.of("Gnmt.batch: sources must not be null",
                        (Executable) () -> gnmt.batch(null, List.of(), DataType.FLOAT)),
                Arguments.of("Gnmt.batch: sources and targets must be non-empty and of equal size, got 1 and 2",
                        (Executable) () -> gnmt.batch(List.of(new int[] {4}), List.of(new int[] {4}, new int[] {5}),
                                DataType.FLOAT)),
                Arguments.of("Gnmt.batch: every token of sources and targets must be in [4, 20), got 2",
                        (Executable) () -> gnmt.batch(List.of(new int[] {4, 2}), List.of(new int[] {5}),
                                DataType.FLOAT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithTheArgumentNamed(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
