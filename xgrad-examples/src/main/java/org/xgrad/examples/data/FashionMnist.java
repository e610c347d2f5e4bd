package org.xgrad.examples.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (28×28 grey images, 10 classes, IDX format), scaled to [0, 1].
 *
 * <p>Sources: the subset embedded in this jar (the default): the first 10,000 training and 2,000 test examples (MIT
 * licence, Zalando SE; see its LICENSE file); the full set of the Debian package {@code dataset-fashion-mnist}
 * ({@value #FULL}, in {@link #SYSTEM_DIRECTORY}); or any directory holding {@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}.
 */
public final class FashionMnist {

    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String EMBEDDED = "embedded";
    public static final String FULL = "full";
    public static final int CLASSES = 10;
    private static final String RESOURCE = "/org/xgrad/examples/data/fashion-mnist-subset/";

    private FashionMnist() {
    }

    /**
     * @param location a directory; {@value #FULL} for the full set installed by the Debian package in
     *                 {@link #SYSTEM_DIRECTORY}; {@value #EMBEDDED} or null for the embedded subset
     */
    public static ImageData.Split load(String location) throws IOException {
        if (location == null) {
            location = EMBEDDED;
        } else if (FULL.equals(location)) {
            if (!Files.isDirectory(SYSTEM_DIRECTORY)) {
                throw new DataFormatException("the full Fashion-MNIST is not installed in " + SYSTEM_DIRECTORY
                        + ": apt-get install dataset-fashion-mnist, or pass {data} DIR with the four IDX .gz files");
            }
            location = SYSTEM_DIRECTORY.toString();
        }
        return new ImageData.Split(read(location, "train"), read(location, "t10k"));
    }

    private static ImageData read(String location, String prefix) throws IOException {
        String imagesName = prefix + "-images-idx3-ubyte.gz";
        String labelsName = prefix + "-labels-idx1-ubyte.gz";
        IdxFile images;
        IdxFile labels;
        String source;
        if (EMBEDDED.equals(location)) {
            images = IdxFile.read(imagesName, resource(imagesName), 3);
            labels = IdxFile.read(labelsName, resource(labelsName), 1);
            source = "Fashion-MNIST embedded subset";
        } else {
            Path dir = Path.of(location);
            images = IdxFile.read(dir.resolve(imagesName).toString(), open(dir.resolve(imagesName)), 3);
            labels = IdxFile.read(dir.resolve(labelsName).toString(), open(dir.resolve(labelsName)), 1);
            source = "Fashion-MNIST " + dir;
        }
        return toImageData(images, labels, source, imagesName, labelsName);
    }

    static ImageData toImageData(IdxFile images, IdxFile labels, String source, String imagesName, String labelsName)
            throws DataFormatException {
        int[] dims = images.dimensions();
        int n = dims[0];
        if (labels.dimensions()[0] != n) {
            throw new DataFormatException(labelsName + " has " + labels.dimensions()[0] + " labels but " + imagesName
                    + " has " + n + " images");
        }
        byte[] pixels = images.data();
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = (pixels[i] & 0xff) / 255f;
        }
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = labels.data()[i] & 0xff;
            if (classes[i] >= CLASSES) {
                throw new DataFormatException(labelsName + ": label " + classes[i] + " at " + i + " is not in 0..9");
            }
        }
        INDArray features = Nd4j.create(values, new long[] {n, 1, dims[1], dims[2]}, DataType.FLOAT);
        return new ImageData(features, classes, CLASSES, source);
    }

    private static InputStream open(Path file) throws DataFormatException {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new DataFormatException(file + " cannot be opened (expected a Fashion-MNIST IDX .gz file; install "
                    + "the Debian package dataset-fashion-mnist or pass {data} embedded): " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws DataFormatException {
        InputStream in = FashionMnist.class.getResourceAsStream(RESOURCE + name);
        if (in == null) {
            throw new DataFormatException("embedded resource " + RESOURCE + name + " is missing from the jar");
        }
        return in;
    }
}
