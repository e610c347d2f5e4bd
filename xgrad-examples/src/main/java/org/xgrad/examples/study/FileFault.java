package org.xgrad.examples.study;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file the study could not write or read: the message names the file, what was done and the cause. */
public final class FileFault extends IOException {

    /** @param what e.g. "write the checkpoint" */
    public FileFault(String what, Path file, IOException cause) {
        super("cannot " + what + " " + file + ": " + describe(cause), cause);
    }

    /** @param cause what made the file unreadable, in words */
    public FileFault(String what, Path file, String cause, Throwable throwable) {
        super("cannot " + what + " " + file + ": " + cause, throwable);
    }

    /** @return the cause of a file-system failure in words, with the file it names if it names one */
    public static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + message + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file (" + message + ")";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            FileSystemException f = (FileSystemException) e;
            return f.getReason() + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }
}
