package org.xgrad.examples.cli;

import org.xgrad.examples.report.Reports;
import org.xgrad.examples.study.Study;
import org.xgrad.examples.study.StudyLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One study per --out: a lock held for the whole run, and no study is replaced without being asked to. */
class StudyDirectoryTest {

    @Test
    void aSecondStudyOnALockedDirectoryIsRefusedNamingTheHolder(@TempDir Path out) throws IOException {
        try (StudyLock held = StudyLock.acquire(out)) {
            String error = StudyTest.errorOf(out, "--steps", "1", "--epochs", "1");
            assertTrue(error.contains("--out " + out + " is in use by another xgrad compare (pid "
                    + ProcessHandle.current().pid() + ")"), error);
            assertEquals(1, error.strip().lines().count(), error);
            assertFalse(Files.exists(out.resolve(Study.SETTINGS_FILE)), "nothing written");
        }
        assertEquals(0, StudyTest.compare(out, "--steps", "1", "--epochs", "1"), "released with the process");
    }

    @Test
    void aFinishedStudyIsNotReplacedWithoutOverwrite(@TempDir Path out) throws IOException {
        assertEquals(0, StudyTest.compare(out, "--steps", "1", "--epochs", "1"));
        String before = Files.readString(out.resolve(Reports.CSV));
        String error = StudyTest.errorOf(out, "--steps", "1", "--epochs", "1", "--lr", "2e-3");
        assertTrue(error.contains("holds a finished study: add --resume to extend it"), error);
        assertTrue(error.contains("--overwrite to start over"), error);
        assertEquals(before, Files.readString(out.resolve(Reports.CSV)), "untouched");
        assertTrue(StudyTest.errorOf(out, "--resume", "--overwrite").contains("give one of them"));
        assertEquals(0, StudyTest.compare(out, "--steps", "1", "--epochs", "1", "--lr", "2e-3", "--overwrite"));
        assertTrue(Files.readString(out.resolve(Study.SETTINGS_FILE)).contains("lr=0.002"));
    }

    @Test
    void nonFiniteNumbersAreOneLineAndLeaveNoDirectory(@TempDir Path dir) {
        Path out = dir.resolve("never");
        String error = StudyTest.errorOf(out, "--lr", "Infinity");
        assertTrue(error.contains("--lr must be a finite number > 0, got Infinity"), error);
        assertEquals(1, error.strip().lines().count(), error);
        assertTrue(StudyTest.errorOf(out, "--weight-decay", "NaN").contains("--weight-decay must be a finite number"));
        assertFalse(Files.exists(out), "nothing created");
    }

    @Test
    void outNamingAFileIsOneLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String error = StudyTest.errorOf(file, "--steps", "1", "--epochs", "1");
        assertTrue(error.contains("is a file, not a directory"), error);
        assertEquals("x", Files.readString(file));
    }
}
