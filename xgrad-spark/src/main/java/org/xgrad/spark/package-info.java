/**
 * XGrad on Spark: {@link org.xgrad.spark.XGradSpark} trains {@code SparkDl4jMultiLayer} and {@code
 * SparkComputationGraph} with X-updaters (parameter averaging and shared training), the prediction running on each
 * worker.
 */
package org.xgrad.spark;
