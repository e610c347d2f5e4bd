package org.xgrad.examples;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
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
 * <p>Written atomically: to {@code <name>.tmp}, synced, then renamed over the previous checkpoint, so a kill during the
 * write leaves the previous epoch's checkpoint (and a {@code .tmp} that is ignored and replaced).
 */
final class Checkpoint {

    static final String DIRECTORY = "checkpoints";
    private static final String NETWORK = "network.zip";
    private static final String ROWS = "results.csv";
    private static final String SETTINGS = "study.properties";
    private static final String GRAPH_MARKER = "computation-graph";

    private Checkpoint() {
    }

    static Path file(Path out, String variant, long seed) {
        return out.resolve(DIRECTORY).resolve(variant + "-seed" + seed + ".zip");
    }

    static void write(Path out, Run run, StudySettings settings) throws IOException {
        Path file = file(out, run.variant.name(), run.seed);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ByteArrayOutputStream network = new ByteArrayOutputStream();
        ModelSerializer.writeModel(run.net, network, true);
        try (FileOutputStream fileOut = new FileOutputStream(tmp.toFile());
             ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(fileOut))) {
            entry(zip, NETWORK, network.toByteArray());
            List<String> rows = new ArrayList<>();
            rows.add(EpochRecord.HEADER);
            run.records().forEach(r -> rows.add(r.toCsv()));
            entry(zip, ROWS, (String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8));
            entry(zip, SETTINGS, settings.toProperties().getBytes(StandardCharsets.UTF_8));
            if (!(run.net instanceof MultiLayerNetwork)) {
                entry(zip, GRAPH_MARKER, new byte[0]);
            }
            zip.finish();
            zip.flush();
            fileOut.getFD().sync();
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /** What a checkpoint holds, before the network is rebuilt into a {@link Run}. */
    record Saved(Model net, List<EpochRecord> records, StudySettings settings) {
    }

    static Saved read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            byte[] network = bytes(zip, file, NETWORK);
            Model net;
            try (InputStream in = new ByteArrayInputStream(network)) {
                net = zip.getEntry(GRAPH_MARKER) != null ? ModelSerializer.restoreComputationGraph(in, true)
                        : ModelSerializer.restoreMultiLayerNetwork(in, true);
            }
            List<String> rows = Arrays.asList(new String(bytes(zip, file, ROWS), StandardCharsets.UTF_8).split("\n"));
            StudySettings settings = StudySettings.fromProperties(new String(bytes(zip, file, SETTINGS),
                    StandardCharsets.UTF_8), file + "!" + SETTINGS);
            return new Saved(net, Reports.parseCsv(rows, file + "!" + ROWS), settings);
        }
    }

    private static byte[] bytes(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException(file + " is not a study checkpoint: it has no " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /** Deletes the {@code .tmp} files an interrupted write left in {@code out}'s checkpoints (best effort). */
    static void removePartial(Path out) {
        try (java.util.stream.Stream<Path> files = Files.list(out.resolve(DIRECTORY))) {
            files.filter(f -> f.getFileName().toString().endsWith(".tmp")).forEach(f -> f.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // no directory yet, or unreadable: nothing to remove
        }
    }

    /** @return the checkpoint files in {@code out} (left-over {@code .tmp} files of an interrupted write excluded) */
    static List<Path> list(Path out) {
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
