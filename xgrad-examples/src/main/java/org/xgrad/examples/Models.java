package org.xgrad.examples;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.learning.config.IUpdater;
import org.xgrad.zoo.LeNet5;
import org.xgrad.zoo.LstmLanguageModel;
import org.xgrad.zoo.PaperModel;
import org.xgrad.zoo.ResNetCifar;
import org.xgrad.zoo.Vgg11;

/** The models a comparison can train, built from xgrad-zoo. */
final class Models {

    static final String NAMES = "lenet5, vgg11, resnet18, resnet34, lstm1, lstm2";

    private Models() {
    }

    static Model create(String name, int[] inputShape, int classes, IUpdater updater, double l2, long seed) {
        PaperModel<?> paper = switch (name) {
            case "lenet5" -> new LeNet5(inputShape, classes);
            case "vgg11" -> new Vgg11(inputShape, classes);
            case "resnet18" -> ResNetCifar.resNet18(inputShape, classes);
            case "resnet34" -> ResNetCifar.resNet34(inputShape, classes);
            case "lstm1" -> LstmLanguageModel.lstm1(classes);
            case "lstm2" -> LstmLanguageModel.lstm2(classes);
            default -> throw new IllegalArgumentException("--model " + name + " is not one of " + NAMES);
        };
        paper.seed(seed);
        paper.updater(updater);
        paper.l2(l2);
        return paper.init();
    }
}
