package org.xgrad.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xgrad.testing.Console;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the command line says beyond one command: no command, enum case, error hints, plurals, quiet output. */
class CommandLineTest {

    @Test
    void aBareXgradPrintsItsUsageAndExits2() {
        Console.Captured run = Console.capture(() -> XGradCli.execute());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Usage: xgrad") && run.err().contains("compare"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void parameterErrorsPointAtTheCommandsHelp() {
        Console.Captured run = Console.capture(() -> XGradCli.execute("compare", "--nope"));
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Unknown option: '--nope' (see xgrad compare --help)"), run.err());
        run = Console.capture(() -> XGradCli.execute("--nope"));
        assertTrue(run.err().contains("(see xgrad --help)"), run.err());
    }

    @Test
    void helpTextsHaveNoGlitches() {
        for (String command : new String[] {"compare", "bench", "spark", "soak"}) {
            Console.Captured run = Console.capture(() -> XGradCli.execute(command, "--help"));
            assertEquals(0, run.code());
            assertFalse(run.err().contains("picocli WARN"), command + ": " + run.err());
        }
        Console.Captured top = Console.capture(() -> XGradCli.execute("--help"));
        assertTrue(top.out().contains("results.csv"), top.out());
    }

    @Test
    void enumValuesTakeAnyCaseAndOneEpochIsSingular(@TempDir Path out) {
        Console.Captured run = Console.capture(() -> StudyTest.compare(out, "--mode", "listener", "--epochs", "1",
                "--steps", "1", "--seeds", "1"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("; 1 epoch, batch 64"), run.out());
        assertTrue(run.out().contains("LISTENER mode"), run.out());
    }

    @Test
    void benchTakesAListOfStepsAsCompareDoes() {
        Console.Captured run = Console.capture(() -> XGradCli.execute("bench", "--model", "lenet5", "--steps", "1,2",
                "--rounds", "1", "--iterations", "1", "--warmup", "0", "--batch-size", "8"));
        assertEquals(0, run.code(), run.err());
        for (String line : new String[] {"bench: Adam vs XGrad-S1, XGrad-S2", "| XGrad-S1 listener |",
                "| XGrad-S2 updater-only |", "XGrad-S1 listener: own work", "XGrad-S2 listener: own work"}) {
            assertTrue(run.out().contains(line), line + " in\n" + run.out());
        }
    }

    @Test
    void benchCountsOwnWorkOverTheTimedIterationsOnly() {
        // 2 warm-up iterations (the second predicted), then 2 rounds of 3 timed iterations, all predicted: 6, not 7
        Console.Captured run = Console.capture(() -> XGradCli.execute("bench", "--model", "lenet5", "--rounds", "2",
                "--iterations", "3", "--warmup", "2", "--batch-size", "8"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("(mean of the 6 timed iterations)"), run.out());
    }

    @Test
    void quietPrintsOnlyWhereTheFilesAre(@TempDir Path out) {
        Console.Captured run = Console.capture(() -> StudyTest.compare(out, "--quiet", "--epochs", "1", "--steps", "1",
                "--seed", "1")); // --seed: the singular spelling too, as bench's --model and spark's --seeds

        assertEquals(0, run.code(), run.err());
        assertEquals(1, run.out().strip().lines().count(), run.out());
        assertTrue(run.out().startsWith("Written to "), run.out());
        assertFalse(run.err().contains("ETA"), run.err());
    }
}
