package org.xgrad.examples.cli;

import org.xgrad.testing.Console;

import org.xgrad.examples.report.EpochRecord;
import org.xgrad.examples.report.Metric;
import org.xgrad.examples.report.Reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code xgrad compare} end to end on a tiny slice of the embedded Fashion-MNIST subset. */
class CompareCommandTest {

    static final String[] TINY = {"compare", "--data", "embedded", "--train-limit", "192", "--test-limit", "128",
            "--batch-size", "64", "--epochs", "2", "--steps", "1,2", "--seeds", "1,2"};

    static int run(Path out, String... extra) { return StudyTest.command(TINY, out, extra); }

    @Test
    void writesCsvPngAndATableThatAgreesWithTheCsv(@TempDir Path out) throws IOException {
        assertEquals(0, run(out));
        List<EpochRecord> records = Reports.readCsv(out.resolve(Reports.CSV));
        assertEquals(3 * 2 * 2, records.size(), "3 variants x 2 seeds x 2 epochs");
        assertEquals(Set.of("Adam", "XGrad-S1", "XGrad-S2"),
                records.stream().map(EpochRecord::variant).collect(Collectors.toSet()));
        for (EpochRecord r : records) {
            assertTrue(r.top1() >= 0 && r.top1() <= 100 && r.top5() >= r.top1(), r.toString());
            assertTrue(Double.isFinite(r.trainLoss()) && Double.isFinite(r.valLoss()) && r.seconds() > 0, r.toString());
        }
        for (String png : new String[] {Metric.ACCURACY.plotFile(), Reports.LOSS_PNG}) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(image, png);
            assertEquals(900, image.getWidth());
        }

        // every cell of the Markdown table (the first table of results.md; the paired statistics follow it) is
        // recomputed from the CSV
        List<String> lines = Files.readAllLines(out.resolve(Reports.MARKDOWN), StandardCharsets.UTF_8);
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("| Optimizer")).findFirst().orElseThrow());
        List<String> rows = lines.subList(header + 2, lines.size()).stream().takeWhile(l -> l.startsWith("| "))
                .toList();
        assertEquals(3, rows.size());
        for (String row : rows) {
            String[] cells = Arrays.stream(row.split("\\|")).map(c -> c.trim().replace("**", ""))
                    .filter(c -> !c.isEmpty()).toArray(String[]::new);
            double[] bestTop1 = new double[2];
            double[] lastTop1 = new double[2];
            double[] minLoss = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (EpochRecord r : records) {
                if (r.variant().equals(cells[0])) {
                    int s = (int) r.seed() - 1;
                    bestTop1[s] = Math.max(bestTop1[s], r.top1());
                    lastTop1[s] = r.epoch() == 2 ? r.top1() : lastTop1[s];
                    minLoss[s] = Math.min(minLoss[s], r.valLoss());
                }
            }
            assertEquals(meanStd(bestTop1, 2), cells[1], row);
            assertEquals(meanStd(lastTop1, 2), cells[2], row);
            assertEquals(meanStd(minLoss, 4), cells[4], row);
        }
        assertEquals(1, rows.stream().filter(r -> r.split("\\|")[2].contains("**")).count(), "one best top-1 in bold");
    }

    /** "mean ± sample std" of two values, formatted as the table does. */
    static String meanStd(double[] v, int decimals) {
        String f = "%." + decimals + "f";
        return String.format(java.util.Locale.ROOT, f + " ± " + f, (v[0] + v[1]) / 2, Math.abs(v[0] - v[1]) / Math.sqrt(2));
    }

    @Test
    void sameSeedGivesIdenticalNumbers(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, run(a, "--mode", "UPDATER_ONLY"));
        assertEquals(0, run(b, "--mode", "UPDATER_ONLY"));
        assertEquals(metrics(a), metrics(b));
    }

    /** The CSV without wall time and memory. */
    static List<String> metrics(Path out) throws IOException {
        return Files.readAllLines(out.resolve(Reports.CSV)).stream()
                .map(l -> String.join(",", Arrays.copyOfRange(l.split(","), 0, EpochRecord.METRIC_COLUMNS))).toList();
    }

    /** Every bad option or data location: exit code 2 and one line naming it, no stack trace. */
    @Test
    void badInputGivesOneClearLine(@TempDir Path dir) {
        String[][] cases = {
                {"train-images-idx3-ubyte.gz cannot be opened", "compare", "--data", dir.resolve("missing").toString()},
                {"--epochs must be >= 1, got 0", "compare", "--epochs", "0"},
                {"--data DIR is required for cifar10", "compare", "--dataset", "cifar10"},
                {"--dataset mnist is not one of fashion-mnist, cifar10, cifar100, ptb", "compare", "--dataset", "mnist"},
                {"--batch-size must be >= 1, got 0", "compare", "--batch-size", "0"},
                {"--seeds lists a seed twice: [1, 1]", "compare", "--seeds", "1,1"},
                {"--steps must be >= 1 each, got [0]", "compare", "--steps", "0"},
                {"--lr must be a finite number > 0, got -1.0", "compare", "--lr", "-1"},
                {"--lr-decay-factor must be in (0, 1], got 2.0", "compare", "--lr-decay-factor", "2"},
                {"--lr-decay-epochs must be >= 1 each, got [0]", "compare", "--lr-decay-epochs", "0"},
                {"--weight-decay must be a finite number >= 0, got -1.0", "compare", "--weight-decay", "-1"},
                {"--optimizer adamz is not one of sgd, sgdm", "compare", "--optimizer", "adamz"},
                {"Invalid value for option '--mode': expected one of [LISTENER, UPDATER_ONLY]", "compare", "--mode",
                        "LISTENR"},
                {"Unknown options: '--epoch'", "compare", "--epoch", "3"},
                {"--workers must be >= 1, got 0", "compare", "--workers", "0"},
                {"--train-limit and --test-limit must be >= 0", "compare", "--train-limit", "-5"},
                {"--model vgg99 is not one of lenet5", "compare", "--model", "vgg99", "--epochs", "1", "--steps", "1",
                        "--train-limit", "64", "--test-limit", "64"},
                {"--model lstm1 reads text, --dataset fashion-mnist holds images", "compare", "--model", "lstm1",
                        "--epochs", "1", "--train-limit", "64", "--test-limit", "64"},
                {"--model gnmt translates sentence pairs, and no --dataset provides them", "compare", "--model", "gnmt",
                        "--epochs", "1", "--train-limit", "64", "--test-limit", "64"},
                {"--rounds must be >= 1, got 0", "bench", "--rounds", "0"},
                {"--iterations must be >= 1, got 0", "bench", "--iterations", "0"},
                {"--models vgg99 is not one of lenet5", "bench", "--models", "vgg99"},
                {"--optimizer wrapped:adamw: AdamW has no stock DL4J updater", "bench", "--optimizer", "wrapped:adamw"}};
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(Arrays.asList(c).subList(1, c.length));
            if (args.get(0).equals("compare")) {
                args.addAll(List.of("--out", dir.resolve("out").toString()));
            }
            Console.Captured run = Console.capture(() -> XGradCli.execute(args.toArray(String[]::new)));
            assertEquals(2, run.code(), Arrays.toString(c));
            String text = run.err();
            assertTrue(text.contains(c[0]), Arrays.toString(c) + " → " + text);
            assertTrue(!text.contains("\tat "), "no stack trace: " + text);
            assertEquals(1, text.strip().lines().filter(l -> l.startsWith("error:")).count(), text);
        }
    }
}
