package org.xgrad.examples;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.learning.config.IUpdater;
import org.xgrad.zoo.AlexNetCifar;
import org.xgrad.zoo.DenseNet121;
import org.xgrad.zoo.Gnmt;
import org.xgrad.zoo.GoogLeNet;
import org.xgrad.zoo.InceptionV3;
import org.xgrad.zoo.LeNet5;
import org.xgrad.zoo.LstmLanguageModel;
import org.xgrad.zoo.OneDnn;
import org.xgrad.zoo.PaperModel;
import org.xgrad.zoo.ResNetCifar;
import org.xgrad.zoo.Vgg11;
import org.xgrad.zoo.Vgg16;
import org.xgrad.zoo.Vit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** The models the commands can train, built from xgrad-zoo at the paper's sizes, by name. */
final class Models {

    /** What a model reads. */
    enum Input {
        /** {channels, height, width} images, one class per image */
        IMAGES,
        /** token sequences {1, vocabulary}, the next token at every step */
        TEXT,
        /** sentence pairs, the translation's tokens (no data set of the commands has them) */
        SENTENCE_PAIRS
    }

    private record Entry(Input input, BiFunction<int[], Integer, PaperModel<?>> build) {
    }

    /** The names, in order (a constant, for the options' help texts). */
    static final String NAMES = "lenet5, alexnet, vgg11, vgg16, resnet18, resnet34, resnet50, resnet101, googlenet, "
            + "densenet121, inceptionv3, vit, lstm1, lstm2, lstm-small, gnmt";

    private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

    static {
        image("lenet5", LeNet5::new);
        image("alexnet", AlexNetCifar::new);
        image("vgg11", Vgg11::new);
        image("vgg16", Vgg16::new);
        image("resnet18", ResNetCifar::resNet18);
        image("resnet34", ResNetCifar::resNet34);
        image("resnet50", ResNetCifar::resNet50);
        image("resnet101", ResNetCifar::resNet101);
        image("googlenet", GoogLeNet::new);
        image("densenet121", DenseNet121::new);
        image("inceptionv3", InceptionV3::new);
        image("vit", Vit::new);
        MODELS.put("lstm1", new Entry(Input.TEXT, (shape, vocabulary) -> LstmLanguageModel.lstm1(vocabulary)));
        MODELS.put("lstm2", new Entry(Input.TEXT, (shape, vocabulary) -> LstmLanguageModel.lstm2(vocabulary)));
        MODELS.put("lstm-small", new Entry(Input.TEXT, (shape, vocabulary) -> LstmLanguageModel.small(vocabulary)));
        MODELS.put("gnmt", new Entry(Input.SENTENCE_PAIRS, (shape, vocabulary) -> Gnmt.gnmt8(vocabulary)));
        if (!NAMES.equals(String.join(", ", MODELS.keySet()))) {
            throw new IllegalStateException("Models.NAMES lists " + NAMES + " but the models are " + MODELS.keySet());
        }
    }


    private Models() {
    }

    private static void image(String name, BiFunction<int[], Integer, PaperModel<?>> build) {
        MODELS.put(name, new Entry(Input.IMAGES, build));
    }

    /** @return what model {@code name} reads; an error naming {@code option} if there is no such model */
    static Input input(String name, String option) {
        Entry entry = MODELS.get(name);
        XGradCli.require(entry != null, option + " " + name + " is not one of " + NAMES);
        return entry.input();
    }

    /**
     * The model, not yet initialized.
     *
     * @param inputShape {channels, height, width} of the images (ignored for text and sentence pairs)
     * @param classes    classes of the images, or the vocabulary
     */
    static PaperModel<?> paper(String name, int[] inputShape, int classes) {
        return MODELS.get(name).build().apply(inputShape, classes);
    }

    /** The model, initialized, with DL4J's oneDNN helpers where they run ({@link OneDnn#enable}). */
    static Model create(String name, int[] inputShape, int classes, IUpdater updater, double l2, long seed) {
        PaperModel<?> paper = paper(name, inputShape, classes);
        paper.seed(seed);
        paper.updater(updater);
        paper.l2(l2);
        Model net = paper.init();
        OneDnn.enable(net);
        return net;
    }

    /**
     * Checks that model {@code name} can train on {@code dataset}: the data it reads, and for images that its
     * layers fit the image size (AlexNet's and Inception-v3's strides need CIFAR's 32×32, for example).
     *
     * @param inputShape the data set's {channels, height, width}, or {1, vocabulary} for text
     */
    static void requireFits(String name, String dataset, int[] inputShape, int classes) {
        Input input = input(name, "--model");
        Input data = inputShape.length == 3 ? Input.IMAGES : Input.TEXT;
        XGradCli.require(input != Input.SENTENCE_PAIRS, "--model " + name + " translates sentence pairs, and no"
                + " --dataset provides them (WMT-16 is not available here); train xgrad-zoo's Gnmt on Gnmt.batch");
        XGradCli.require(input == data, "--model " + name + " reads " + input.name().toLowerCase().replace('_', ' ')
                + ", --dataset " + dataset + " holds " + data.name().toLowerCase() + "; models for "
                + data.name().toLowerCase() + ": " + namesFor(data));
        if (input == Input.IMAGES) {
            try {
                paper(name, inputShape, classes).conf();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--model " + name + " does not fit --dataset " + dataset
                        + "'s " + inputShape[0] + "×" + inputShape[1] + "×" + inputShape[2] + " images: "
                        + e.getMessage(), e);
            }
        }
    }

    static String namesFor(Input input) {
        return String.join(", ", MODELS.entrySet().stream().filter(e -> e.getValue().input() == input)
                .map(Map.Entry::getKey).toList());
    }
}
