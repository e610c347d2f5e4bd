package org.xgrad.examples.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Time to target and paired statistics on a hand-made study, against values computed by hand. */
class SeedStatisticsTest {

    /** variant, seed, top-1 per epoch, seconds per epoch */
    private static void run(List<EpochRecord> into, String variant, long seed, double seconds, double... top1) {
        for (int e = 0; e < top1.length; e++) {
            into.add(new EpochRecord(variant, seed, e + 1, 1e-3, 0.5, 0.4, top1[e], 99, seconds, 100, 1));
        }
    }

    private static List<EpochRecord> study() {
        List<EpochRecord> r = new ArrayList<>();
        run(r, "Adam", 1, 10, 80, 85, 91);
        run(r, "Adam", 2, 10, 82, 90, 92);
        run(r, "Adam", 3, 10, 81, 86, 89);
        run(r, "XGrad-S1", 1, 11, 84, 90.5, 91);
        run(r, "XGrad-S1", 2, 11, 89, 90, 93);
        run(r, "XGrad-S1", 3, 11, 85, 90, 91);
        return r;
    }

    @Test
    void reachIsTheFirstEpochAtTheTargetAndTheTrainingSecondsUpToIt() {
        List<EpochRecord> adam1 = SeedStatistics.runs(study()).get("Adam").get(1L);
        SeedStatistics.Reach reach = SeedStatistics.reach(adam1, Metric.ACCURACY, 90);
        assertEquals(3, reach.epoch());
        assertEquals(30.0, reach.seconds(), 1e-12);
        assertEquals(2, SeedStatistics.reach(SeedStatistics.runs(study()).get("Adam").get(2L), Metric.ACCURACY, 90)
                .epoch(), "≥ the target counts");
        SeedStatistics.Reach never = SeedStatistics.reach(SeedStatistics.runs(study()).get("Adam").get(3L),
                Metric.ACCURACY, 90);
        assertFalse(never.reached());
        assertNull(never.seconds());
    }

    @Test
    void pairedTIntervalByHand() {
        // differences 0, 1, 2: mean 1, sd 1, t(2) = 4.303 → half-width 4.303/√3
        SeedStatistics.Paired p = SeedStatistics.paired(List.of(0.0, 1.0, 2.0), false);
        assertEquals(1.0, p.mean(), 1e-12);
        assertEquals(1 - 4.303 / Math.sqrt(3), p.low(), 1e-12);
        assertEquals(1 + 4.303 / Math.sqrt(3), p.high(), 1e-12);
        assertEquals(2, p.ahead());
        SeedStatistics.Paired epochs = SeedStatistics.paired(List.of(-1.0, 0.0), true);
        assertEquals(-0.5, epochs.mean(), 1e-12);
        assertEquals(-0.5 - 12.706 * Math.sqrt(0.5) / Math.sqrt(2), epochs.low(), 1e-12);
        assertEquals(1, epochs.ahead(), "fewer epochs is ahead; a tie is not");
        assertTrue(Double.isNaN(SeedStatistics.paired(List.of(3.0), true).low()), "one seed: no interval");
        assertEquals(2.042, SeedStatistics.tQuantile975(30));
        assertEquals(1.960, SeedStatistics.tQuantile975(31));
    }

    @Test
    void bandsAreTheMinimumAndMaximumOverSeedsAndTheChartDrawsThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.util.Map<String, double[][]> bands = Reports.bands(study(), EpochRecord::top1);
        assertEquals(List.of("Adam", "XGrad-S1"), List.copyOf(bands.keySet()));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {80, 85, 89}, bands.get("Adam")[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {82, 90, 92}, bands.get("Adam")[1]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {84, 90, 91}, bands.get("XGrad-S1")[0]);
        List<EpochRecord> unfinished = new ArrayList<>(study());
        unfinished.remove(unfinished.size() - 1);
        assertTrue(Reports.bands(unfinished, EpochRecord::top1).isEmpty(), "no band while seeds differ in epochs");
        Reports.writeCharts(dir, study(), Metric.ACCURACY, "hand-made");
        assertTrue(java.nio.file.Files.size(dir.resolve(Metric.ACCURACY.plotFile())) > 1000);
        java.nio.file.Files.copy(dir.resolve(Metric.ACCURACY.plotFile()), java.nio.file.Path.of("target", "band-example.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void markdownOfTheHandMadeStudy() {
        String md = SeedStatistics.markdown(study(), Metric.ACCURACY, 90.0);
        assertTrue(md.contains("| Adam | 2 of 3 | 2.5 ± 0.7 | 25 ± 7 |"), md);
        assertTrue(md.contains("| XGrad-S1 | 3 of 3 | 2.0 ± 0.0 | 22 ± 0 |"), md);
        // epochs: seed 1 2 − 3 = −1, seed 2 2 − 2 = 0 (seed 3: Adam never reached 90): mean −0.5, ± 12.706·0.707/√2
        assertTrue(md.contains("| XGrad-S1 | Adam | epochs to ≥ 90.00 % | 2 of 3 | -0.5 | [-6.9, +5.9] | 1 of 2 |"), md);
        // seconds: seed 1 22 − 30 = −8, seed 2 22 − 20 = +2: mean −3, sd 7.071, ± 12.706·7.071/√2 = ± 63.5
        assertTrue(md.contains("| XGrad-S1 | Adam | seconds to ≥ 90.00 % | 2 of 3 | -3 | [-67, +61] | 1 of 2 |"), md);
        assertTrue(md.contains("| XGrad-S1 | Adam | best top-1 accuracy (%) | 3 | +1.00 | [-1.48, +3.48] | 2 of 3 |"),
                md);
        assertTrue(md.contains("| XGrad-S1 | Adam | last-epoch top-1 accuracy (%) | 3 | +1.00 | [-1.48, +3.48] | 2 of 3 |"),
                md);
        assertFalse(SeedStatistics.markdown(study(), Metric.ACCURACY, null).contains("Time to target"));
    }
}
