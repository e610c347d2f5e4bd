package org.xgrad.examples.cli;

import org.xgrad.testing.Console;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code xgrad soak} runs its three modes and its growth figure is a least-squares slope. */
class SoakCommandTest {

    @Test
    void slopeIsKibPerThousandIterations() {
        List<SoakCommand.Sample> samples = List.of(new SoakCommand.Sample(1000, 10_000, 0, 0, 0),
                new SoakCommand.Sample(2000, 12_048, 0, 0, 0), new SoakCommand.Sample(3000, 14_096, 0, 0, 0));
        assertEquals(2.0, SoakCommand.slope(samples, SoakCommand.Sample::heap), 1e-12, "2048 B per 1000 = 2 KiB");
        assertEquals(0.0, SoakCommand.slope(samples, SoakCommand.Sample::offHeap), 0.0);
    }

    @Test
    void shortRunPrintsARowPerMode() {
        Console.Captured run = Console.capture(() -> XGradCli.execute("soak", "--iterations", "30", "--every", "10",
                "--warmup", "10"));
        assertEquals(0, run.code());
        String text = run.out();
        for (String mode : List.of("| stock Adam |", "| XGrad-S1 listener |", "| XGrad-S1 updater-only |")) {
            assertTrue(text.contains(mode), text);
        }
    }
}
