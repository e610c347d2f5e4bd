package org.xgrad.examples.data;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/** A random transformation of a training batch {@code [N, C, H, W]}; the same {@code random} gives the same output. */
@FunctionalInterface
public interface Augmentation {

    INDArray apply(INDArray features, Random random);
}
