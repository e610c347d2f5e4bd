package org.xgrad.examples.data;

import java.io.IOException;

/** A data file is missing, truncated or not in the expected format; the message names the file and the format. */
public class DataFormatException extends IOException {

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
