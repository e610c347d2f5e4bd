package org.xgrad.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.InceptionResNetV1;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xgrad.updaters.XAdam;

import java.util.stream.Stream;

/**
 * ImageNet-size DL4J zoo models and the paper's models at full size, trained two iterations each:
 * {@code mvn -B verify -Pheavy-zoo}.
 */
@Tag("heavy")
class HeavyZooTest {

    static Stream<Object[]> models() {
        return Stream.of(new Object[] {AlexNet.builder().numClasses(10).build(), new int[] {3, 224, 224}},
                new Object[] {VGG16.builder().numClasses(10).build(), new int[] {3, 224, 224}},
                new Object[] {VGG19.builder().numClasses(10).build(), new int[] {3, 224, 224}},
                new Object[] {ResNet50.builder().numClasses(10).build(), new int[] {3, 224, 224}},
                new Object[] {Darknet19.builder().numClasses(10).build(), new int[] {3, 224, 224}},
                new Object[] {SqueezeNet.builder().numClasses(10).build(), new int[] {3, 227, 227}},
                new Object[] {Xception.builder().numClasses(10).build(), new int[] {3, 299, 299}},
                new Object[] {InceptionResNetV1.builder().numClasses(10).build(), new int[] {3, 160, 160}});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void trainsWithPrediction(ZooModel<?> zoo, int[] shape) {
        Model model = XGradZoo.init(zoo, new XAdam(1e-4, 1));
        XGradZooTest.trainsWithPrediction(model, shape, 10, zoo.modelName());
    }

    /** The paper's models at full size (the default build trains light variants of the heavy ones). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.xgrad.zoo.ZooModels#fullSizePaperModels")
    void paperModelsAtFullSizeTrainWithPrediction(PaperModel<?> paper) {
        Model model = XGradZoo.init(paper, new XAdam(1e-4, 1));
        XGradZooTest.trainsWithPrediction(model, paper, paper.modelName() + " (full size)");
    }
}
