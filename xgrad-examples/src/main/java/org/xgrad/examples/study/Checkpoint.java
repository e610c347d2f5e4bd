package org.xgrad.examples.study;

import org.xgrad.examples.report.EpochRecord;
import org.xgrad.examples.report.Reports;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A run saved at the end of an epoch, one zip per variant and seed in {@code <out>/checkpoints/}: the network with its
 * updater state and DL4J's iteration and epoch counters ({@code ModelSerializer}), the run's CSV rows so far and the
 * study's settings. The data order needs no state: it is a function of seed and epoch ({@link Run}).
 *
 * <p>Written atomically: to {@code <name>.tmp}, synced; then the checkpoint of the epoch before is kept as
 * {@code <name>.previous} and the new one renamed into place. A kill or a file-system failure during the write leaves
 * the earlier checkpoints as they were (a failed write removes its {@code .tmp}; a killed one leaves a {@code .tmp}
 * that is ignored and replaced), and a checkpoint found corrupt on resume falls back on the one before
 * ({@link #readLatest}: at most one epoch is trained again).
 *
 * <p>A finished run may be saved with its records only ({@code network} false in {@link #write}): a few kilobytes
 * instead of the network and its updater state, with no {@code .previous}; such a run cannot train further.
 */
public final class Checkpoint {

    public static final String DIRECTORY = "checkpoints";
    private static final String NETWORK = "network.zip";
    private static final String ROWS = "results.csv";
    private static final String SETTINGS = "study.properties";
    private static final String GRAPH_MARKER = "computation-graph";

    private Checkpoint() {
    }

    public static Path file(Path out, String variant, long seed) {
        return out.resolve(DIRECTORY).resolve(variant + "-seed" + seed + ".zip");
    }

    /** @return where the checkpoint of the epoch before {@code file}'s is kept */
    public static Path previous(Path file) { return file.resolveSibling(file.getFileName() + ".previous"); }

    /** Opens a file for writing: the file system, or in tests a writer that fails. */
    @FunctionalInterface
    public interface Storage {
        OutputStream create(Path file) throws IOException;
    }

    private static volatile Storage storage = file -> Files.newOutputStream(file);

    /**
     * Replaces how checkpoints are written (tests inject file-system faults this way).
     *
     * @return the storage used until now
     */
    public static Storage useStorage(Storage replacement) {
        Storage before = storage;
        storage = replacement;
        return before;
    }

    /**
     * Writes the run's checkpoint; on any failure nothing is left behind and the earlier checkpoints are intact.
     *
     * @param network false to keep only the records (and drop the {@code .previous}): for a finished run
     * @throws FileFault naming the file and the cause
     */
    public static void write(Path out, Run run, StudySettings settings, boolean network) throws IOException {
        Path file = file(out, run.variant.name(), run.seed);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            ByteArrayOutputStream model = new ByteArrayOutputStream();
            if (network) {
                ModelSerializer.writeModel(run.net, model, true);
            }
            try (OutputStream fileOut = storage.create(tmp);
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(fileOut))) {
                if (network) {
                    entry(zip, NETWORK, model.toByteArray());
                }
                List<String> rows = new ArrayList<>();
                rows.add(EpochRecord.HEADER);
                run.records().forEach(r -> rows.add(r.toCsv()));
                entry(zip, ROWS, (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
                entry(zip, SETTINGS, settings.toProperties().getBytes(StandardCharsets.UTF_8));
                if (!(run.net instanceof MultiLayerNetwork)) {
                    entry(zip, GRAPH_MARKER, new byte[0]);
                }
                zip.finish();
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (Files.exists(file)) {
                Files.move(file, previous(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (!network) {
                Files.deleteIfExists(previous(file));
            }
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            removeQuietly(tmp);
            throw new FileFault("write the checkpoint", file, cause);
        } catch (RuntimeException | Error e) {
            removeQuietly(tmp);
            throw e;
        }
    }

    private static void removeQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the file system refuses even that: the .tmp is ignored and replaced by the next write
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /**
     * What a checkpoint holds, before the network is rebuilt into a {@link Run}: {@code net} null if not kept or not
     * read ({@link #readRecords}); {@code networkKept} says which.
     */
    public record Saved(Model net, boolean networkKept, List<EpochRecord> records, StudySettings settings) {
    }

    /**
     * Reads the newest checkpoint at {@code file}; if it is missing or cannot be read, the one of the epoch before
     * ({@link #previous}), with a warning on standard error.
     *
     * @throws IOException naming the file and the cause when neither can be read
     */
    public static Saved readLatest(Path file) throws IOException { return readLatest(file, true); }

    /**
     * As {@link #readLatest}, without deserializing the network ({@code net} null, {@code networkKept} says whether
     * the file holds one): a study reads every run's records at start-up, and restores a network only when it trains
     * that run.
     */
    public static Saved readRecords(Path file) throws IOException { return readLatest(file, false); }

    private static Saved readLatest(Path file, boolean network) throws IOException {
        IOException newest;
        try {
            return read(file, network);
        } catch (IOException e) {
            newest = e;
        }
        Path previous = previous(file);
        if (!Files.isRegularFile(previous)) {
            throw newest;
        }
        Saved saved = read(previous, network);
        System.err.println("warning: " + newest.getMessage() + "; resuming from the epoch before (" + previous + ")");
        return saved;
    }

    /** @return true if {@code file} or the checkpoint of the epoch before it exists */
    public static boolean exists(Path file) { return Files.isRegularFile(file) || Files.isRegularFile(previous(file)); }

    /** @throws IOException naming the file and the cause (a truncated zip, a missing entry, a bad row) */
    public static Saved read(Path file) throws IOException { return read(file, true); }

    private static Saved read(Path file, boolean network) throws IOException {
        try {
            return readZip(file, network);
        } catch (IOException | RuntimeException e) {
            String cause = e instanceof IOException io ? FileFault.describe(io) : e.toString();
            throw new FileFault("read the checkpoint", file, cause, e);
        }
    }

    private static Saved readZip(Path file, boolean network) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Model net = null;
            boolean kept = zip.getEntry(NETWORK) != null;
            if (kept && network) {
                try (InputStream in = new ByteArrayInputStream(bytes(zip, file, NETWORK))) {
                    net = zip.getEntry(GRAPH_MARKER) != null ? ModelSerializer.restoreComputationGraph(in, true)
                            : ModelSerializer.restoreMultiLayerNetwork(in, true);
                }
            }
            List<String> rows = Arrays.asList(new String(bytes(zip, file, ROWS), StandardCharsets.UTF_8).split("\n"));
            StudySettings settings = StudySettings.fromProperties(new String(bytes(zip, file, SETTINGS),
                    StandardCharsets.UTF_8), file + "!" + SETTINGS);
            return new Saved(net, kept, Reports.parseCsv(rows, file + "!" + ROWS), settings);
        }
    }

    private static byte[] bytes(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException("not a study checkpoint: it has no " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** Deletes the {@code .tmp} files an interrupted write left in {@code out}'s checkpoints (best effort). */
    public static void removePartial(Path out) {
        try (java.util.stream.Stream<Path> files = Files.list(out.resolve(DIRECTORY))) {
            files.filter(f -> f.getFileName().toString().endsWith(".tmp")).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // no directory yet, or unreadable: nothing to remove
        }
    }

    /** @return the checkpoint files in {@code out} (left-over {@code .tmp} files of an interrupted write excluded) */
    public static List<Path> list(Path out) {
        Path dir = out.resolve(DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".zip")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
