package org.xgrad.examples.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Brown Corpus reader on small corpora in the same format, written here. */
class BrownCorpusTest {

    /** Ten files ca01..ca10; file i has the sentences given, each "word/tag" tokens. */
    private static Path corpus(Path dir, String... fileTexts) throws IOException {
        List<String> cats = new ArrayList<>();
        for (int i = 0; i < fileTexts.length; i++) {
            String id = String.format("ca%02d", i + 1);
            Files.writeString(dir.resolve(id), "\n\n\t" + fileTexts[i].replace("\n", "\n\n\t") + "\n\n");
            cats.add(id + " news");
        }
        Files.write(dir.resolve(BrownCorpus.CATALOGUE), cats);
        return dir;
    }

    private static String[] tenFiles() {
        String[] files = new String[10];
        for (int i = 0; i < 10; i++) {
            files[i] = "The/at Cat/nn sat/vbd ./.\nA/at dog/nn ran/vbd ./.";
        }
        files[3] = "The/at Jury/nn-tl said/vbd 1/2/cd ./.";
        files[8] = "The/at owl/nn flew/vbd ./.";   // index 8: validation
        files[9] = "A/at cat/nn saw/vbd owls/nns ./.";   // index 9: test
        return files;
    }

    private static List<String> words(TextCorpus c, int[] ids) {
        return Arrays.stream(ids).mapToObj(c.vocabulary()::get).toList();
    }

    @Test
    void tagsStrippedLowerCasedOneEosPerSentenceSplitByFile(@TempDir Path dir) throws IOException {
        TextCorpus c = BrownCorpus.load(corpus(dir, tenFiles()), 100);
        // training = files 0..7: file 0 has 2 sentences of 4 tokens + <eos> each
        assertEquals(List.of("the", "cat", "sat", ".", "<eos>", "a", "dog", "ran", ".", "<eos>"),
                words(c, c.train()).subList(0, 10));
        assertTrue(words(c, c.train()).containsAll(List.of("jury", "1/2")), "the text before a token's last /");
        assertEquals(7 * 10 + 6, c.train().length, "files 0..7");
        assertEquals(List.of("the", "<unk>", "<unk>", ".", "<eos>"), words(c, c.valid()), "owl, flew: not in training");
        assertEquals(List.of("a", "cat", "<unk>", "<unk>", ".", "<eos>"), words(c, c.test()));
        assertEquals(TextCorpus.UNKNOWN, c.vocabulary().get(c.vocabulary().size() - 1));
    }

    @Test
    void vocabularyIsTheMostFrequentTrainingTokensTiesBySpelling(@TempDir Path dir) throws IOException {
        TextCorpus c = BrownCorpus.load(corpus(dir, tenFiles()), 4);
        // training counts: . 15, <eos> 15, the 8, cat 7, sat 7, a 7, dog 7, ran 7, jury 1, said 1, 1/2 1
        assertEquals(List.of(".", "<eos>", "the", "a", "<unk>"), c.vocabulary());
        assertEquals(List.of("the", "<unk>", "<unk>", ".", "<eos>"), words(c, c.train()).subList(0, 5));
    }

    @Test
    void theSplitTakesTheNinthAndTenthOfEveryTenFiles() {
        assertEquals(BrownCorpus.Split.TRAIN, BrownCorpus.split(0));
        assertEquals(BrownCorpus.Split.VALID, BrownCorpus.split(8));
        assertEquals(BrownCorpus.Split.TEST, BrownCorpus.split(9));
        assertEquals(BrownCorpus.Split.VALID, BrownCorpus.split(498));
        assertEquals(BrownCorpus.Split.TEST, BrownCorpus.split(499));
        long valid = java.util.stream.IntStream.range(0, 500).filter(i -> BrownCorpus.split(i)
                == BrownCorpus.Split.VALID).count();
        assertEquals(50, valid);
    }

    @Test
    void wrongOrIncompleteDirectoriesGetOneLine(@TempDir Path dir) throws IOException {
        assertTrue(assertThrows(DataFormatException.class, () -> BrownCorpus.load(dir.resolve("nope")))
                .getMessage().contains("is not a directory"));
        assertTrue(assertThrows(DataFormatException.class, () -> BrownCorpus.load(dir)).getMessage()
                .contains("has no cats.txt"));
        corpus(dir, tenFiles());
        Files.delete(dir.resolve("ca07"));
        assertTrue(assertThrows(DataFormatException.class, () -> BrownCorpus.load(dir)).getMessage()
                .contains("is incomplete: cats.txt lists ca07, which is missing"));
        Files.writeString(dir.resolve("ca07"), "\tcat nn\n");
        assertTrue(assertThrows(DataFormatException.class, () -> BrownCorpus.load(dir)).getMessage()
                .contains("ca07:1: token \"cat\" is not word/tag"));
    }

    @Test
    void tooFewFilesForTheSplit(@TempDir Path dir) throws IOException {
        String[] nine = Arrays.copyOf(tenFiles(), 9);
        assertTrue(assertThrows(DataFormatException.class, () -> BrownCorpus.load(corpus(dir, nine), 10))
                .getMessage().contains("leave the test split empty"));
    }
}
