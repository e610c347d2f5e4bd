package org.xgrad.examples.cli;

import org.xgrad.examples.report.EpochRecord;
import org.xgrad.examples.report.Metric;
import org.xgrad.examples.report.Reports;
import org.xgrad.examples.study.Study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run whose loss turns non-finite is marked diverged, stops, never wins; the rest of the study goes on. */
class DivergenceTest {

    @Test
    void aDivergingStudyIsMarkedAndStopsThoseRuns(@TempDir Path out) throws IOException {
        assertEquals(0, StudyTest.compare(out, "--optimizer", "sgdm", "--lr", "1e20", "--steps", "1", "--epochs", "3"));
        List<EpochRecord> records = Reports.readCsv(out.resolve(Reports.CSV));
        assertTrue(records.stream().allMatch(EpochRecord::diverged), records.toString());
        assertEquals(2, records.size(), "each run stopped at the epoch it diverged in");
        assertTrue(records.stream().allMatch(r -> r.top1() == 0 && r.top5() == 0), "a NaN network hits nothing");
        assertEquals("1", Files.readAllLines(out.resolve(Reports.CSV)).get(1).split(",")[11], "the diverged column");
        String md = Files.readString(out.resolve(Reports.MARKDOWN));
        assertTrue(md.contains("| SGDM | diverged at epoch 1 |"), md);
        assertFalse(md.contains("**"), "nothing in bold");
        assertFalse(md.contains("Unfinished"), md);
        assertTrue(Files.size(out.resolve(Metric.ACCURACY.plotFile())) > 1000);
        assertTrue(StudyTest.errorOf(out, "--steps", "1").contains("holds a finished study"), "diverged runs are done");
    }

    @Test
    void aDivergedVariantIsNeverBoldAndTheOthersAreScored() {
        List<EpochRecord> r = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            r.add(new EpochRecord("SGDM", seed, 1, 0.1, 0.5, 0.4, 80, 99, 1, 1, 1));
            r.add(new EpochRecord("SGDM", seed, 2, 0.1, 0.4, 0.3, 85, 99, 1, 1, 1));
            r.add(new EpochRecord("XGrad-S1", seed, 1, 0.1, 0.5, 0.4, 99, 100, 1, 1, 1));
        }
        r.add(new EpochRecord("XGrad-S1", 1, 2, 0.1, Double.NaN, Double.NaN, 0, 0, 1, 1, 1));
        r.add(new EpochRecord("XGrad-S1", 2, 2, 0.1, 0.3, 0.2, 99.5, 100, 1, 1, 1));
        String md = Reports.markdownTable(r, Metric.ACCURACY, "t");
        assertTrue(md.contains("| XGrad-S1 | diverged at epoch 2 (seed 1) |"), md);
        assertTrue(md.contains("| SGDM | **82.50 ± 3.54** |") || md.contains("| SGDM | **85.00 ± 0.00** |"), md);
        assertTrue(Reports.even(r), "the diverged run has stopped; the others agree");
        assertFalse(Study.done(List.of(r.get(0)), 5));
        assertTrue(Study.done(List.of(r.get(0)), 1));
        assertTrue(Study.done(List.of(r.get(0), r.get(6)), 5), "diverged: done before its epochs");
    }

    @Test
    void csvWithoutTheDivergedColumnStillReads() throws IOException {
        List<String> old = List.of(EpochRecord.HEADER_WITHOUT_DIVERGED,
                "Adam,1,1,0.001,0.6,0.4,85,99.6,18.4,293.9,0.9");
        assertEquals(85, Reports.parseCsv(old, "old").get(0).top1());
        List<String> withoutTest = List.of(EpochRecord.HEADER_WITHOUT_TEST,
                "Adam,1,1,0.001,0.6,0.4,85,99.6,18.4,293.9,0.9,0");
        EpochRecord read = Reports.parseCsv(withoutTest, "before test_loss").get(0);
        assertEquals(85, read.top1());
        assertTrue(Double.isNaN(read.testLoss()), "no test split measured then");
    }
}
