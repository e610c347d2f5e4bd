/**
 * Layers the paper's models need and DL4J 1.0.0-M2.1 lacks or gets wrong: the ViT's patch embedding, attention and
 * token layers, GNMT's Bahdanau attention, a dropout for masked sequences, and the language models' softmax output
 * ({@link org.xgrad.zoo.layers.SequenceSoftmaxOutput}).
 */
package org.xgrad.zoo.layers;
