package org.xgrad.examples.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IDX, CIFAR and text readers on files the tests write. */
class DataReadersTest {

    static byte[] idx(int rank, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(bytes) : bytes)) {
            out.writeInt(0x0800 | rank);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static void writeFashionMnist(Path dir, String prefix, int n) throws IOException {
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            pixels[i * 784 + 5] = (byte) 255;
            pixels[i * 784 + 6] = (byte) (i * 10);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), idx(3, new int[] {n, 28, 28}, pixels, true));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), idx(1, new int[] {n}, labels, true));
    }

    @Test
    void fashionMnistFromADirectory(@TempDir Path dir) throws IOException {
        writeFashionMnist(dir, "train", 12);
        writeFashionMnist(dir, "t10k", 4);
        ImageData.Split split = FashionMnist.load(dir.toString());
        assertArrayEquals(new long[] {12, 1, 28, 28}, split.train().features().shape());
        assertEquals(4, split.test().size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, split.test().labels());
        assertEquals(1.0f, split.train().features().getFloat(3, 0, 0, 5), 0f, "255 → 1");
        assertEquals(30 / 255f, split.train().features().getFloat(3, 0, 0, 6), 1e-7f, "scaled to [0, 1]");
        List<DataSet> batches = split.train().batches(5, -1);
        assertEquals(3, batches.size());
        assertArrayEquals(new long[] {5, 10}, batches.get(0).getLabels().shape());
        assertEquals(1f, batches.get(0).getLabels().getFloat(2, 2), 0f, "one-hot label of example 2");
        assertEquals(2, batches.get(2).numExamples());
    }

    @Test
    void seededOrderIsAPermutationAndRepeatable(@TempDir Path dir) throws IOException {
        writeFashionMnist(dir, "train", 20);
        writeFashionMnist(dir, "t10k", 2);
        ImageData train = FashionMnist.load(dir.toString()).train();
        float[] a = train.batches(7, 3).get(0).getFeatures().reshape(7, -1).getRow(0).toFloatVector();
        float[] b = train.batches(7, 3).get(0).getFeatures().reshape(7, -1).getRow(0).toFloatVector();
        assertArrayEquals(a, b);
        int total = train.batches(7, 3).stream().mapToInt(DataSet::numExamples).sum();
        assertEquals(20, total);
    }

    @Test
    void embeddedSubsetIsTheDefault() throws IOException {
        ImageData.Split split = FashionMnist.load(null);
        assertEquals(10_000, split.train().size());
        assertEquals(2_000, split.test().size());
        int[] counts = new int[10];
        Arrays.stream(split.train().labels()).forEach(l -> counts[l]++);
        assertTrue(Arrays.stream(counts).allMatch(c -> c > 800), Arrays.toString(counts));
    }

    @Test
    void truncatedAndWrongFilesAreNamed(@TempDir Path dir) throws IOException {
        byte[] whole = idx(3, new int[] {3, 28, 28}, new byte[3 * 784], false);
        byte[] cut = Arrays.copyOf(whole, whole.length - 100);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxFile.read("train-images-idx3-ubyte", new ByteArrayInputStream(cut), 3));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte is truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("IDX file of unsigned bytes"), e.getMessage());

        e = assertThrows(DataFormatException.class,
                () -> IdxFile.read("labels", new ByteArrayInputStream(whole), 1));
        assertTrue(e.getMessage().contains("magic number 0x803"), e.getMessage());

        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(dir.toString()));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz cannot be opened"), e.getMessage());
    }

    static byte[] cifarRecords(int n, int labelBytes, int firstLabel) {
        int record = labelBytes + 3072;
        byte[] bytes = new byte[n * record];
        for (int i = 0; i < n; i++) {
            bytes[i * record + labelBytes - 1] = (byte) ((firstLabel + i) % 10);
            bytes[i * record + labelBytes] = (byte) 255;          // red (0,0)
            bytes[i * record + labelBytes + 1024] = (byte) 51;    // green (0,0)
        }
        return bytes;
    }

    @Test
    void cifar10BinaryWithThePapersNormalization(@TempDir Path dir) throws IOException {
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords(2, 1, b));
        }
        Files.write(dir.resolve("test_batch.bin"), cifarRecords(3, 1, 7));
        ImageData.Split split = Cifar.load(dir, false);
        assertArrayEquals(new long[] {10, 3, 32, 32}, split.train().features().shape());
        assertArrayEquals(new int[] {7, 8, 9}, split.test().labels());
        assertEquals((1f - Cifar.MEAN[0]) / Cifar.STD[0], split.train().features().getFloat(0, 0, 0, 0), 1e-6f);
        assertEquals((0.2f - Cifar.MEAN[1]) / Cifar.STD[1], split.train().features().getFloat(0, 1, 0, 0), 1e-6f);
        assertEquals((0f - Cifar.MEAN[2]) / Cifar.STD[2], split.train().features().getFloat(0, 2, 0, 0), 1e-6f);
        assertArrayEquals(new float[] {0.491f, 0.482f, 0.447f}, Cifar.MEAN, "the paper's mean");
        assertArrayEquals(new float[] {0.247f, 0.243f, 0.262f}, Cifar.STD, "the paper's std");

        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(cifarRecords(3, 1, 7), 3 * 3073 - 5));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar.load(dir, false));
        assertTrue(e.getMessage().contains("test_batch.bin is truncated or corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("3073-byte record"), e.getMessage());
    }

    @Test
    void cifar100UsesTheFineLabel(@TempDir Path dir) throws IOException {
        byte[] train = cifarRecords(2, 2, 0);
        train[0] = 3;  // coarse label, ignored
        train[1] = 42; // fine label
        Files.write(dir.resolve("train.bin"), train);
        Files.write(dir.resolve("test.bin"), cifarRecords(1, 2, 0));
        ImageData.Split split = Cifar.load(dir, true);
        assertEquals(42, split.train().labels()[0]);
        assertEquals(100, split.train().numClasses());
        DataFormatException e = assertThrows(DataFormatException.class, () -> Cifar.load(dir.resolve("nope"), true));
        assertTrue(e.getMessage().contains("train.bin is missing"), e.getMessage());
    }

    @Test
    void pennTreebankLayout(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ptb.train.txt"), " the cat sat \n the <unk> ran \n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ptb.valid.txt"), " the dog sat \n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ptb.test.txt"), " cat ran \n", StandardCharsets.UTF_8);
        TextCorpus corpus = TextCorpus.load(dir);
        assertEquals(List.of("the", "cat", "sat", "<eos>", "<unk>", "ran"), corpus.vocabulary());
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 4, 5, 3}, corpus.train());
        assertArrayEquals(new int[] {0, 4, 2, 3}, corpus.valid(), "dog → <unk>");
        List<DataSet> batches = corpus.batches(corpus.train(), 2, 2);
        assertEquals(2, batches.size());
        DataSet first = batches.get(0);
        assertArrayEquals(new long[] {2, 1, 2}, first.getFeatures().shape());
        assertArrayEquals(new long[] {2, 1, 2}, first.getLabels().shape(), "labels: the next words' indices");
        assertEquals(0, first.getFeatures().getInt(0, 0, 0));
        assertEquals(1, first.getLabels().getInt(0, 0, 0), "next word of 'the' is 'cat'");
        assertEquals(2, first.getLabels().getInt(0, 0, 1), "next word of 'cat' is 'sat'");
        assertEquals(3, first.getFeatures().getInt(1, 0, 0), "stream 2 starts at <eos>");
        assertEquals(0, first.getLabels().getInt(1, 0, 0), "stream 2 starts at <eos>; next word: the");
    }

    @Test
    void textErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ptb.train.txt"), "a b\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ptb.valid.txt"), "a c\n", StandardCharsets.UTF_8);
        DataFormatException e = assertThrows(DataFormatException.class, () -> TextCorpus.load(dir));
        assertTrue(e.getMessage().contains("ptb.valid.txt:1: word \"c\""), e.getMessage());
        Files.writeString(dir.resolve("ptb.valid.txt"), "a b\n", StandardCharsets.UTF_8);
        e = assertThrows(DataFormatException.class, () -> TextCorpus.load(dir));
        assertTrue(e.getMessage().contains("ptb.test.txt is missing"), e.getMessage());
    }
}
