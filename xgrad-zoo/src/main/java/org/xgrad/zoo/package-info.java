/**
 * Models trained with XGrad: {@link org.xgrad.zoo.XGradZoo} puts an X-updater on any DL4J zoo model; the paper's
 * benchmark models ({@link org.xgrad.zoo.LeNet5}, {@link org.xgrad.zoo.ResNetCifar}, {@link org.xgrad.zoo.Vgg16},
 * {@link org.xgrad.zoo.LstmLanguageModel}, {@link org.xgrad.zoo.Gnmt}, …) parameter for parameter as their PyTorch
 * references; {@link org.xgrad.zoo.OneDnn} switches on DL4J's oneDNN helpers for convolution, pooling and
 * batch normalization.
 */
package org.xgrad.zoo;
