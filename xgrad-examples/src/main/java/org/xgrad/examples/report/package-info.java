/**
 * What a study reports: one CSV row per run and epoch, the Markdown tables with seed statistics, the plots.
 */
package org.xgrad.examples.report;
