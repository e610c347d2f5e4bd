package org.xgrad.examples.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 / CIFAR-100 in their binary format, read from a directory (they cannot be downloaded here).
 * CIFAR-10: {@code data_batch_1.bin} … {@code data_batch_5.bin}, {@code test_batch.bin}; records of 1 label byte + 3072
 * pixel bytes (1024 red, 1024 green, 1024 blue, row-major 32×32). CIFAR-100: {@code train.bin}, {@code test.bin};
 * records of a coarse and a fine label byte + 3072 pixel bytes (the fine label is used).
 * Images are scaled to [0, 1] and normalized per channel with the mean and standard deviation the paper states;
 * {@link #AUGMENTATION} is the paper's training augmentation.
 */
public final class Cifar {

    public static final float[] MEAN = {0.491f, 0.482f, 0.447f};
    public static final float[] STD = {0.247f, 0.243f, 0.262f};
    /** Random horizontal flip + 4-pixel padding + random 32×32 crop, padding black. */
    public static final Augmentation AUGMENTATION = new PadCropFlip(4, new float[] {-MEAN[0] / STD[0],
            -MEAN[1] / STD[1], -MEAN[2] / STD[2]});
    private static final int PIXELS = 3 * 32 * 32;

    private Cifar() {
    }

    public static ImageData.Split load(Path dir, boolean cifar100) throws IOException {
        if (cifar100) {
            return new ImageData.Split(read(List.of(dir.resolve("train.bin")), 2, 100),
                    read(List.of(dir.resolve("test.bin")), 2, 100));
        }
        List<Path> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            train.add(dir.resolve("data_batch_" + i + ".bin"));
        }
        return new ImageData.Split(read(train, 1, 10), read(List.of(dir.resolve("test_batch.bin")), 1, 10));
    }

    /** Reads and concatenates binary files of {@code labelBytes + 3072}-byte records; the last label byte is used. */
    static ImageData read(List<Path> files, int labelBytes, int classes) throws IOException {
        int record = labelBytes + PIXELS;
        String format = (classes == 10 ? "CIFAR-10" : "CIFAR-100") + " binary file: records of " + labelBytes
                + " label byte(s) + 3072 pixel bytes";
        List<byte[]> contents = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new DataFormatException(f + " is missing (expected a " + format + ")");
            }
            byte[] bytes = Files.readAllBytes(f);
            if (bytes.length == 0 || bytes.length % record != 0) {
                throw new DataFormatException(f + " is truncated or corrupt: " + bytes.length
                        + " bytes is not a multiple of the " + record + "-byte record of a " + format);
            }
            contents.add(bytes);
            total += bytes.length / record;
        }
        int n = (int) total;
        float[] values = new float[n * PIXELS];
        int[] labels = new int[n];
        int example = 0;
        for (int f = 0; f < contents.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int off = 0; off < bytes.length; off += record, example++) {
                labels[example] = bytes[off + labelBytes - 1] & 0xff;
                if (labels[example] >= classes) {
                    throw new DataFormatException(files.get(f) + ": label " + labels[example] + " of record "
                            + (off / record) + " is not below " + classes + " (" + format + ")");
                }
                for (int p = 0; p < PIXELS; p++) {
                    int channel = p / 1024;
                    values[example * PIXELS + p] = ((bytes[off + labelBytes + p] & 0xff) / 255f - MEAN[channel])
                            / STD[channel];
                }
            }
        }
        return new ImageData(Nd4j.create(values, new long[] {n, 3, 32, 32}, DataType.FLOAT), labels, classes,
                (classes == 10 ? "CIFAR-10 " : "CIFAR-100 ") + files.get(0).getParent());
    }
}
