package org.xgrad.examples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of MNIST and Fashion-MNIST ({@code .gz} or plain): a big-endian magic number
 * {@code 0x0000 08 D} (unsigned bytes, D dimensions), D sizes, then the unsigned-byte data. DL4J's own
 * {@code MnistImageFile} needs an uncompressed random-access file and comes with dataset fetchers that download, so
 * the files are streamed here instead.
 */
public final class IdxFile {

    private final int[] dimensions;
    private final byte[] data;

    private IdxFile(int[] dimensions, byte[] data) {
        this.dimensions = dimensions;
        this.data = data;
    }

    /** @return the sizes, e.g. {60000, 28, 28} for images or {60000} for labels */
    public int[] dimensions() { return dimensions.clone(); }

    /** @return the unsigned bytes, row-major */
    public byte[] data() { return data; }

    /**
     * @param name   the file name, for messages
     * @param stream the file content (gzip-compressed if {@code name} ends with .gz)
     * @param rank   the expected number of dimensions (3 for images, 1 for labels)
     */
    public static IdxFile read(String name, InputStream stream, int rank) throws DataFormatException {
        String expected = "IDX file of unsigned bytes with " + rank + " dimension(s): magic 0x0000080" + rank
                + ", then " + rank + " big-endian int sizes, then the data";
        try (InputStream raw = name.endsWith(".gz") ? new GZIPInputStream(stream) : stream;
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != (0x0800 | rank)) {
                throw new DataFormatException(name + ": magic number 0x" + Integer.toHexString(magic)
                        + " is not that of an " + expected);
            }
            int[] dims = new int[rank];
            long length = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) {
                    throw new DataFormatException(name + ": size " + dims[i] + " in the header of an " + expected);
                }
                length *= dims[i];
            }
            if (length > Integer.MAX_VALUE) {
                throw new DataFormatException(name + ": " + length + " values do not fit in memory");
            }
            byte[] data = new byte[(int) length];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new DataFormatException(name + " is truncated: the header announces " + length
                        + " bytes of data (" + expected + ")", e);
            }
            return new IdxFile(dims, data);
        } catch (DataFormatException e) {
            throw e;
        } catch (EOFException e) {
            throw new DataFormatException(name + " is truncated before the end of its header (" + expected + ")", e);
        } catch (IOException e) {
            throw new DataFormatException(name + " cannot be read as an " + expected + ": " + e.getMessage(), e);
        }
    }
}
