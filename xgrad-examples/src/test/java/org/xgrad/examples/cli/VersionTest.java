package org.xgrad.examples.cli;

import org.junit.jupiter.api.Test;
import org.xgrad.testing.Console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code xgrad --version} prints the version the root POM gives, and the DL4J version it names. */
class VersionTest {

    private static String pom(String tag) throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(pom);
        assertTrue(m.find(), tag);
        return m.group(1);
    }

    @Test
    void versionComesFromThePom() throws IOException {
        Console.Captured run = Console.capture(() -> XGradCli.execute("--version"));
        assertEquals(0, run.code());
        assertEquals("xgrad " + pom("version") + "\nbuilt for Deeplearning4j " + pom("dl4j.version") + "\n",
                run.out().replace(System.lineSeparator(), "\n"));
    }
}
