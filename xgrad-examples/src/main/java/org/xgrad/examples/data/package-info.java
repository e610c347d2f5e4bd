/**
 * Data readers, none of which downloads: Fashion-MNIST (IDX, an embedded subset or a full copy), CIFAR binary, Penn
 * Treebank text and the Brown Corpus, and the training augmentation.
 */
package org.xgrad.examples.data;
