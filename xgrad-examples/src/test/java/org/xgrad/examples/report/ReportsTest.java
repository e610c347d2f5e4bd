package org.xgrad.examples.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Curves and tables of finished and unfinished studies. */
class ReportsTest {

    static List<EpochRecord> runs(int epochsSeed1, int epochsSeed2) {
        List<EpochRecord> records = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            for (int e = 1; e <= (seed == 1 ? epochsSeed1 : epochsSeed2); e++) {
                records.add(new EpochRecord("Adam", seed, e, 1e-3, 1, 0.5, 10 * seed + e, 99, 1, 1, 1));
            }
        }
        return records;
    }

    @Test
    void finishedSeedsAreAveragedUnfinishedOnesShownApart() {
        Map<String, double[]> even = Reports.curves(runs(3, 3), EpochRecord::top1);
        assertEquals(List.of("Adam"), List.copyOf(even.keySet()));
        assertArrayEquals(new double[] {16, 17, 18}, even.get("Adam"), 1e-12, "mean of 11..13 and 21..23");

        Map<String, double[]> uneven = Reports.curves(runs(3, 1), EpochRecord::top1);
        assertEquals(List.of("Adam seed 1", "Adam seed 2"), List.copyOf(uneven.keySet()));
        assertArrayEquals(new double[] {11, 12, 13}, uneven.get("Adam seed 1"), 1e-12);
        assertArrayEquals(new double[] {21}, uneven.get("Adam seed 2"), 1e-12);

        String table = Reports.markdownTable(runs(3, 1), Metric.ACCURACY, "t");
        assertTrue(table.contains("Unfinished: the runs have reached different epochs (Adam seed 1: 3, Adam seed 2: 1)"),
                table);
        assertFalse(Reports.markdownTable(runs(3, 3), Metric.ACCURACY, "t").contains("Unfinished"));
    }
}
