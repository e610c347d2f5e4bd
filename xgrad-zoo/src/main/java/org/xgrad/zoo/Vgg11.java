package org.xgrad.zoo;

/**
 * VGG-11 with batch normalization (see {@link Vgg}): 64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M.
 * 9,231,114 trainable parameters for 3×32×32 input and 10 classes, as the reference.
 */
public class Vgg11 extends Vgg {

    /** For inputs of {@code inputShape} ([channels, height, width]) and {@code numClasses} classes. */
    public Vgg11(int[] inputShape, int numClasses) {
        super(new int[] {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0}, inputShape, numClasses);
    }

    /** CIFAR-10: 3×32×32, 10 classes. */
    public static Vgg11 cifar10() { return new Vgg11(new int[] {3, 32, 32}, 10); }
}
