/**
 * Resumable studies: settings and the paper's protocols, one run per variant and seed trained epoch by epoch,
 * checkpoints written atomically, the lock that keeps one study per directory.
 */
package org.xgrad.examples.study;
