package org.xgrad.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.FaceNetNN4Small2;
import org.deeplearning4j.zoo.model.InceptionResNetV1;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SimpleCNN;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.TextGenerationLSTM;
import org.deeplearning4j.zoo.model.TinyYOLO;
import org.deeplearning4j.zoo.model.UNet;
import org.deeplearning4j.zoo.model.VGG16;
import org.deeplearning4j.zoo.model.VGG19;
import org.deeplearning4j.zoo.model.Xception;
import org.deeplearning4j.zoo.model.YOLO2;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** The models under test and a tiny synthetic batch for each. */
final class ZooModels {

    private ZooModels() {
    }

    /** Every DL4J zoo model that DL4J 1.0.0-M2.1 can build (not NASNet), with its default input. */
    static List<ZooModel<?>> dl4jZoo() {
        return List.of(LeNet.builder().numClasses(10).build(), SimpleCNN.builder().numClasses(5).build(),
                AlexNet.builder().numClasses(10).build(), VGG16.builder().numClasses(10).build(),
                VGG19.builder().numClasses(10).build(), ResNet50.builder().numClasses(10).build(),
                Darknet19.builder().numClasses(10).build(), SqueezeNet.builder().numClasses(10).build(),
                Xception.builder().numClasses(10).build(), InceptionResNetV1.builder().numClasses(10).build(),
                UNet.builder().build(), textGeneration(),
                TinyYOLO.builder().build(), YOLO2.builder().build(),
                FaceNetNN4Small2.builder().numClasses(10).build());
    }

    /** DL4J's builder leaves the input shape null unless it is set. */
    static TextGenerationLSTM textGeneration() {
        TextGenerationLSTM model = TextGenerationLSTM.builder().build();
        model.setInputShape(new int[][] {{40, 47}});
        return model;
    }

    private static final int[] CIFAR = {3, 32, 32};

    /**
     * The paper's models as the default build trains them: full size where one iteration at batch 2 takes about a
     * second on a CPU core, otherwise a light variant of the same topology (fewer channels or a smaller token
     * dimension; {@link HeavyZooTest} trains the full sizes).
     */
    static List<PaperModel<?>> paperModels() {
        return List.of(LeNet5.fashionMnist(), new LeNet5(CIFAR, 10), Vgg11.cifar10(),
                new Vgg11(new int[] {1, 28, 28}, 10), ResNetCifar.resNet18(CIFAR, 10),
                ResNetCifar.resNet18(new int[] {1, 28, 28}, 10), ResNetCifar.resNet34(CIFAR, 10),
                LstmLanguageModel.lstm1(50), LstmLanguageModel.lstm2(50), AlexNetCifar.cifar10(),
                new AlexNetCifar(CIFAR, 100), Vgg16.cifar10(), ResNetCifar.resNet101(CIFAR, 10).width(8),
                GoogLeNet.cifar10().widthDivisor(8), DenseNet121.cifar10().growthRate(4),
                InceptionV3.cifar10().widthDivisor(8), lightVit(), lightGnmt());
    }

    /** One of each convolutional paper model (CIFAR-10 form), sized as {@link #paperModels()} trains them. */
    static List<PaperModel<?>> convolutionalPaperModels() {
        return List.of(LeNet5.fashionMnist(), AlexNetCifar.cifar10(), Vgg11.cifar10(), Vgg16.cifar10(),
                ResNetCifar.resNet18(CIFAR, 10), ResNetCifar.resNet34(CIFAR, 10), ResNetCifar.resNet101(CIFAR, 10).width(8),
                GoogLeNet.cifar10().widthDivisor(8), DenseNet121.cifar10().growthRate(4),
                InceptionV3.cifar10().widthDivisor(8));
    }

    /** The paper's models at full size (CIFAR-10 form; GNMT-8 with the WMT16 vocabulary). */
    static List<PaperModel<?>> fullSizePaperModels() {
        return List.of(ResNetCifar.resNet101(CIFAR, 10), GoogLeNet.cifar10(), DenseNet121.cifar10(),
                InceptionV3.cifar10(), Vit.cifar10(), Gnmt.gnmt8(32_320));
    }

    /** ViT with the paper's topology (patch 4, class token, pre-norm, dropout 0.1) at dimension 32, 2 blocks. */
    static Vit lightVit() {
        return Vit.cifar10().size(32, 2, 4, 8, 64);
    }

    /** GNMT with 4 + 4 layers (residuals from the third) of 16 units, vocabulary 24, 8 steps. */
    static Gnmt lightGnmt() {
        return new Gnmt(24, 16, 4, 8);
    }

    /** A batch of 2 examples (sentence pairs for GNMT), in the shape {@code paper} takes. */
    static Object batch(PaperModel<?> paper, Model model) {
        if (paper instanceof Gnmt gnmt) {
            return gnmt.batch(List.of(new int[] {4, 5, 6, 7}, new int[] {8, 9}),
                    List.of(new int[] {7, 6, 5}, new int[] {9, 8, 10, 11, 12}), DataType.FLOAT);
        }
        return batch(model, paper.getInputShape(), paper.getNumClasses());
    }

    /** A batch of 2 random examples with one-hot labels, in the shape the model takes. */
    static Object batch(Model model, int[] imageShape, int classes) {
        Nd4j.getRandom().setSeed(42);
        if (model instanceof MultiLayerNetwork net && net.getLayer(0).conf().getLayer()
                instanceof org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer) {
            INDArray x = Nd4j.zeros(DataType.FLOAT, 2, imageShape[0], imageShape[1]);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 2, classes, imageShape[1]);
            for (int t = 0; t < imageShape[1]; t++) {
                x.putScalar(0, t % imageShape[0], t, 1);
                x.putScalar(1, (t + 3) % imageShape[0], t, 1);
                y.putScalar(0, (t + 1) % classes, t, 1);
                y.putScalar(1, (t + 4) % classes, t, 1);
            }
            return new DataSet(x, y);
        }
        if (model instanceof MultiLayerNetwork net && net.getLayer(0).conf().getLayer()
                instanceof org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer) {
            int time = 6;
            INDArray words = Nd4j.zeros(DataType.FLOAT, 2, 1, time);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, 2, classes, time);
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < time; t++) {
                    words.putScalar(b, 0, t, (b * 7 + t * 3) % classes);
                    labels.putScalar(b, (b * 5 + t) % classes, t, 1);
                }
            }
            return new DataSet(words, labels);
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, imageShape[0], imageShape[1], imageShape[2]);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2, classes);
        y.putScalar(0, 0, 1);
        y.putScalar(1, classes - 1, 1);
        if (model instanceof ComputationGraph) {
            return new MultiDataSet(x, y);
        }
        return new DataSet(x, y);
    }

    static void fit(Model model, Object batch) {
        if (model instanceof ComputationGraph graph) {
            graph.fit((MultiDataSet) batch);
        } else {
            ((MultiLayerNetwork) model).fit((DataSet) batch);
        }
    }

    /** The network's (first) output for the batch's features and masks, in inference mode. */
    static INDArray output(Model model, Object batch) {
        if (model instanceof ComputationGraph graph) {
            MultiDataSet b = (MultiDataSet) batch;
            return graph.output(false, b.getFeatures(), b.getFeaturesMaskArrays(), b.getLabelsMaskArrays())[0];
        }
        DataSet b = (DataSet) batch;
        return ((MultiLayerNetwork) model).output(b.getFeatures(), false, b.getFeaturesMaskArray(),
                b.getLabelsMaskArray());
    }

    /** The output shape for the batch: the labels' shape with {@code classes} outputs (sparse labels have 1). */
    static long[] outputShape(Object batch, int classes) {
        long[] shape = (batch instanceof DataSet d ? d.getLabels() : ((MultiDataSet) batch).getLabels(0)).shape()
                .clone();
        shape[1] = classes;
        return shape;
    }
}
