package org.xgrad.zoo;

import org.deeplearning4j.zoo.PretrainedType;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xgrad.updaters.XAdam;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Wrong arguments to {@link XGradZoo}: one error naming the method and the argument. */
class ZooBadInputTest {

    static Stream<Arguments> cases() {
        LeNet5 lenet = LeNet5.fashionMnist();
        return Stream.of(
                Arguments.of("XGradZoo.init: zoo must not be null", (Executable) () -> XGradZoo.init(null, new XAdam(1))),
                Arguments.of("XGradZoo.init: updater must not be null", (Executable) () -> XGradZoo.init(lenet, null)),
                Arguments.of("XGradZoo.initPretrained: type must not be null",
                        (Executable) () -> XGradZoo.initPretrained(lenet, null, new XAdam(1))),
                Arguments.of("XGradZoo.withUpdater: conf must not be null", (Executable) () -> XGradZoo.withUpdater(
                        (org.deeplearning4j.nn.conf.MultiLayerConfiguration) null, new XAdam(1))),
                Arguments.of("XGradZoo.withUpdater: updater must not be null",
                        (Executable) () -> XGradZoo.withUpdater(lenet.conf(), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithTheArgumentNamed(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
