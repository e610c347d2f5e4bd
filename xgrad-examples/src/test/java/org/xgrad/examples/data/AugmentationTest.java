package org.xgrad.examples.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CIFAR training augmentation against an explicit pad-then-crop-then-flip reference. */
class AugmentationTest {

    /** torchvision's order: pad every side with black, take the window at (top, left), mirror it if asked. */
    static float[][] reference(float[][] image, float black, int padding, int top, int left, boolean flip) {
        int h = image.length;
        int w = image[0].length;
        float[][] padded = new float[h + 2 * padding][w + 2 * padding];
        for (float[] row : padded) {
            java.util.Arrays.fill(row, black);
        }
        for (int y = 0; y < h; y++) {
            System.arraycopy(image[y], 0, padded[y + padding], padding, w);
        }
        float[][] out = new float[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y][x] = padded[top + y][left + (flip ? w - 1 - x : x)];
            }
        }
        return out;
    }

    @Test
    void padCropFlipMatchesTheReferenceImageByImage() {
        int n = 16;
        INDArray batch = Nd4j.rand(DataType.FLOAT, n, 3, 32, 32);
        float[] black = {-1.5f, -2f, -0.5f};
        INDArray out = new PadCropFlip(4, black).apply(batch, new Random(7));
        assertArrayEquals(batch.shape(), out.shape());

        Random draws = new Random(7); // the same draws, in the documented order: top shift, left shift, flip
        int flipped = 0;
        int shifted = 0;
        for (int e = 0; e < n; e++) {
            int top = draws.nextInt(9);
            int left = draws.nextInt(9);
            boolean flip = draws.nextBoolean();
            flipped += flip ? 1 : 0;
            shifted += top != 4 || left != 4 ? 1 : 0;
            for (int c = 0; c < 3; c++) {
                float[][] expected = reference(batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(e),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(c)).toFloatMatrix(), black[c], 4, top, left, flip);
                float[][] actual = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(e),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(c)).toFloatMatrix();
                for (int y = 0; y < 32; y++) {
                    assertArrayEquals(expected[y], actual[y], "image " + e + " channel " + c + " row " + y);
                }
            }
        }
        assertTrue(flipped > 0 && flipped < n, "some images mirrored, some not: " + flipped);
        assertTrue(shifted > n / 2, "most images shifted: " + shifted);
    }

    @Test
    void blackIsTheNormalizedZeroOfThePapersStatistics() {
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 1, 3, 32, 32).subi(
                Nd4j.createFromArray(Cifar.MEAN).reshape(1, 3, 1, 1)).divi(Nd4j.createFromArray(Cifar.STD)
                .reshape(1, 3, 1, 1));
        // an all-black normalized image stays all black whatever the crop
        INDArray out = Cifar.AUGMENTATION.apply(zeros, new Random(1));
        assertEquals(0, out.sub(zeros).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void trainingBatchesAreAugmentedRepeatablyAndEvaluationIsNot() {
        int n = 40;
        INDArray features = Nd4j.rand(DataType.FLOAT, n, 3, 32, 32);
        ImageData images = new ImageData(features, new int[n], 10, "test");
        List<DataSet> a = images.batches(8, 5, Cifar.AUGMENTATION);
        List<DataSet> b = images.batches(8, 5, Cifar.AUGMENTATION);
        List<DataSet> plain = images.batches(8, 5);
        assertEquals(5, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).getFeatures(), b.get(i).getFeatures(), "same seed, same batch " + i);
            assertFalse(a.get(i).getFeatures().equals(plain.get(i).getFeatures()), "batch " + i + " augmented");
        }
        assertFalse(images.batches(8, 6, Cifar.AUGMENTATION).get(0).getFeatures().equals(a.get(0).getFeatures()),
                "another epoch seed, another augmentation");
    }
}
