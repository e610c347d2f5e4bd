/**
 * What every module's tests share: {@link org.xgrad.testing.TinyMlp} (the reference network and its batches), array
 * comparisons ({@link org.xgrad.testing.Diff}), console and log capture. A test dependency, never published.
 */
package org.xgrad.testing;
