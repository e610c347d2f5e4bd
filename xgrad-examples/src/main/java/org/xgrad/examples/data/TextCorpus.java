package org.xgrad.examples.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A word-level corpus in the Penn Treebank layout: {@code ptb.train.txt}, {@code ptb.valid.txt},
 * {@code ptb.test.txt} in one directory; UTF-8 text, words separated by white space, one sentence per line (an
 * {@code <eos>} token is added at each line end). The vocabulary is that of the training file, in order of first
 * appearance; validation and test words outside it map to {@code <unk>} when the vocabulary has it.
 *
 * @param vocabulary index → word
 * @param train      token indices of the training text
 * @param valid      token indices of the validation text
 * @param test       token indices of the test text
 */
public record TextCorpus(List<String> vocabulary, int[] train, int[] valid, int[] test) {

    public static final String EOS = "<eos>";
    public static final String UNKNOWN = "<unk>";

    public static TextCorpus load(Path dir) throws IOException {
        Map<String, Integer> index = new LinkedHashMap<>();
        int[] train = tokens(dir.resolve("ptb.train.txt"), index, true);
        int[] valid = tokens(dir.resolve("ptb.valid.txt"), index, false);
        int[] test = tokens(dir.resolve("ptb.test.txt"), index, false);
        return new TextCorpus(List.copyOf(index.keySet()), train, valid, test);
    }

    private static int[] tokens(Path file, Map<String, Integer> index, boolean grow) throws IOException {
        String format = "UTF-8 text, words separated by white space, one sentence per line (Penn Treebank layout)";
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file + " is missing (expected " + format + ")");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFormatException(file + " cannot be read as " + format + ": " + e.getMessage(), e);
        }
        List<Integer> out = new ArrayList<>();
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l).trim();
            if (line.isEmpty()) {
                continue;
            }
            for (String word : (line + " " + EOS).split("\\s+")) {
                Integer id = index.get(word);
                if (id == null && grow) {
                    id = index.size();
                    index.put(word, id);
                } else if (id == null) {
                    id = index.get(UNKNOWN);
                    if (id == null) {
                        throw new DataFormatException(file + ":" + (l + 1) + ": word \"" + word
                                + "\" is not in the training vocabulary, which has no " + UNKNOWN + " token");
                    }
                }
                out.add(id);
            }
        }
        if (out.isEmpty()) {
            throw new DataFormatException(file + " has no words (expected " + format + ")");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Language-model batches: the text is cut into {@code batchSize} parallel streams, read {@code bptt} tokens at a
     * time. Features {@code [batch, 1, T]} hold word indices, labels {@code [batch, 1, T]} the next word's index (the
     * label form of the zoo's language models). Built when read.
     */
    public List<DataSet> batches(int[] tokens, int batchSize, int bptt) {
        int perStream = (tokens.length - 1) / batchSize;
        int count = (perStream + bptt - 1) / bptt;
        return new AbstractList<>() {
            @Override
            public DataSet get(int i) {
                int start = i * bptt;
                int t = Math.min(bptt, perStream - start);
                float[] x = new float[batchSize * t];
                float[] y = new float[batchSize * t];
                for (int b = 0; b < batchSize; b++) {
                    for (int s = 0; s < t; s++) {
                        int pos = b * perStream + start + s;
                        x[b * t + s] = tokens[pos];
                        y[b * t + s] = tokens[pos + 1];
                    }
                }
                return new DataSet(Nd4j.create(x, new long[] {batchSize, 1, t}, DataType.FLOAT),
                        Nd4j.create(y, new long[] {batchSize, 1, t}, DataType.FLOAT));
            }

            @Override
            public int size() { return count; }
        };
    }
}
