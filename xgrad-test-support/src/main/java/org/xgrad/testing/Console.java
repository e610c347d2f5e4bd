package org.xgrad.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** Runs a command in this JVM and keeps what it printed. */
public final class Console {

    /**
     * @param code what the command returned
     * @param out  what it printed to standard output
     * @param err  what it printed to standard error
     */
    public record Captured(int code, String out, String err) {
    }

    private Console() {
    }

    /** Runs {@code command} with standard output and error captured (and put back afterwards). */
    public static synchronized Captured capture(IntSupplier command) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            int code = command.getAsInt();
            return new Captured(code, capturedOut.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
