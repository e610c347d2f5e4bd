package org.xgrad.examples.experiment;

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

import java.util.Iterator;
import java.util.Map;
import java.util.function.BiFunction;

/** The models that can be trained, built from xgrad-zoo at the paper's sizes, by name. */
public final class Models {

    /** What a model reads. */
    public enum Input {
        /** {channels, height, width} images, one class per image */
        IMAGES,
        /** token sequences {1, vocabulary}, the next token at every step */
        TEXT,
        /** sentence pairs, the translation's tokens (no data set here has them) */
        SENTENCE_PAIRS
    }

    private record Entry(Input input, BiFunction<int[], Integer, PaperModel<?>> build) {
    }

    private static final Registry<Entry> MODELS = new Registry<Entry>()
            .add("lenet5", image(LeNet5::new))
            .add("alexnet", image(AlexNetCifar::new))
            .add("vgg11", image(Vgg11::new))
            .add("vgg16", image(Vgg16::new))
            .add("resnet18", image(ResNetCifar::resNet18))
            .add("resnet34", image(ResNetCifar::resNet34))
            .add("resnet50", image(ResNetCifar::resNet50))
            .add("resnet101", image(ResNetCifar::resNet101))
            .add("googlenet", image(GoogLeNet::new))
            .add("densenet121", image(DenseNet121::new))
            .add("inceptionv3", image(InceptionV3::new))
            .add("vit", image(Vit::new))
            .add("lstm1", new Entry(Input.TEXT, (shape, vocabulary) -> LstmLanguageModel.lstm1(vocabulary)))
            .add("lstm2", new Entry(Input.TEXT, (shape, vocabulary) -> LstmLanguageModel.lstm2(vocabulary)))
            .add("lstm-small", new Entry(Input.TEXT, (shape, vocabulary) -> LstmLanguageModel.small(vocabulary)))
            .add("gnmt", new Entry(Input.SENTENCE_PAIRS, (shape, vocabulary) -> Gnmt.gnmt8(vocabulary)));

    /** The model names, in order (picocli's completion candidates, so help texts list them). */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() { return MODELS.iterator(); }
    }

    private Models() {
    }

    private static Entry image(BiFunction<int[], Integer, PaperModel<?>> build) { return new Entry(Input.IMAGES, build); }

    /** @return the model names, comma-separated */
    public static String names() { return MODELS.names(); }

    /** @return what model {@code name} reads; an error naming {@code setting} if there is no such model */
    public static Input input(String name, String setting) { return MODELS.get(name, setting).input(); }

    /**
     * The model, not yet initialized.
     *
     * @param inputShape {channels, height, width} of the images (ignored for text and sentence pairs)
     * @param classes    classes of the images, or the vocabulary
     */
    public static PaperModel<?> paper(String name, int[] inputShape, int classes) {
        return MODELS.get(name, "model").build().apply(inputShape, classes);
    }

    /** The model, initialized, with DL4J's oneDNN helpers where they run ({@link OneDnn#enable}). */
    public static Model create(String name, int[] inputShape, int classes, IUpdater updater, double l2, long seed) {
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
    public static void requireFits(String name, String dataset, int[] inputShape, int classes) {
        Input input = input(name, "model");
        Input data = inputShape.length == 3 ? Input.IMAGES : Input.TEXT;
        SettingException.require(input != Input.SENTENCE_PAIRS, "{model} " + name + " translates sentence pairs, and "
                + "no {dataset} provides them (WMT-16 is not available here); train xgrad-zoo's Gnmt on Gnmt.batch");
        SettingException.require(input == data, "{model} " + name + " reads " + input.name().toLowerCase()
                .replace('_', ' ') + ", {dataset} " + dataset + " holds " + data.name().toLowerCase() + "; models for "
                + data.name().toLowerCase() + ": " + namesFor(data));
        if (input == Input.IMAGES) {
            try {
                paper(name, inputShape, classes).conf();
            } catch (RuntimeException e) {
                throw new SettingException("{model} " + name + " does not fit {dataset} " + dataset
                        + "'s " + inputShape[0] + "×" + inputShape[1] + "×" + inputShape[2] + " images: "
                        + e.getMessage(), e);
            }
        }
    }

    /** @return the names of the models that read {@code input}, comma-separated */
    public static String namesFor(Input input) {
        return String.join(", ", MODELS.entries().entrySet().stream().filter(e -> e.getValue().input() == input)
                .map(Map.Entry::getKey).toList());
    }
}
