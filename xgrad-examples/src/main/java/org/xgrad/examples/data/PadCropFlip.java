package org.xgrad.examples.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * The CIFAR training augmentation of the paper (torchvision's {@code RandomCrop(32, padding=4)} then
 * {@code RandomHorizontalFlip()}): each image is padded with {@code padding} black pixels on every side, a random
 * {@code H×W} window of the padded image is kept, and it is mirrored left-right with probability ½. The images are
 * already normalized, so "black" is the per-channel value {@code (0 − mean)/std}.
 *
 * @param padding pixels added on each side
 * @param black   per channel, the normalized value of a black pixel
 */
public record PadCropFlip(int padding, float[] black) implements Augmentation {

    @Override
    public INDArray apply(INDArray features, Random random) {
        long[] shape = features.shape();
        int n = (int) shape[0];
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        float[] in = features.dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int e = 0; e < n; e++) {
            int dy = random.nextInt(2 * padding + 1) - padding; // window origin in the unpadded image
            int dx = random.nextInt(2 * padding + 1) - padding;
            boolean flip = random.nextBoolean();
            for (int ch = 0; ch < c; ch++) {
                int plane = (e * c + ch) * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < w; x++) {
                        int sx = (flip ? w - 1 - x : x) + dx;
                        out[plane + y * w + x] = sy < 0 || sy >= h || sx < 0 || sx >= w ? black[ch]
                                : in[plane + sy * w + sx];
                    }
                }
            }
        }
        return Nd4j.create(out, shape, DataType.FLOAT);
    }
}
