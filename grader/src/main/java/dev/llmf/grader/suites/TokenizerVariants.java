package dev.llmf.grader.suites;

import dev.llmf.contract.Tokenizer;
import dev.llmf.contract.Tokenizer.Merge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Known wrong variants of exercise 2 ({@link Tokenizer}): see {@link Diagnose}. */
public final class TokenizerVariants {

    private TokenizerVariants() {
    }

    /** How a variant trainer cuts the text. */
    public enum Chunking {
        /** {@link Tokenizer#CHUNK_PATTERN} (correct) */
        PATTERN,
        /** GPT-2 style: a space is attached to the word after it */
        SPACE_WITH_NEXT_WORD,
        /** no chunks: merges may cross word boundaries */
        NONE,
        /** the text split at whitespace only: letters, digits and symbols of one word form one chunk */
        WHITESPACE_SPLIT,
        /**
         * runs cut with {@link Character#isLetter}, {@link Character#isDigit} and {@link Character#isWhitespace}
         * instead of the pattern's classes: NBSP and U+3000 differ ({@code \s} is ASCII only), so do ½ and ²
         * ({@code \p{N}} holds them, {@code isDigit} does not)
         */
        JAVA_CHARACTER_CLASSES
    }

    private static final Pattern CHUNKS = Pattern.compile(Tokenizer.CHUNK_PATTERN);
    private static final Pattern GPT2_CHUNKS =
            Pattern.compile(" ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
    private static final Pattern WHITESPACE_CHUNKS = Pattern.compile("\\s+|\\S+");

    /**
     * A plain BPE trainer with switchable mistakes: {@code tiesToLarger} breaks count ties toward the larger pair;
     * {@code overlapping = false} counts {@code "aaa"} as one {@code (a, a)}.
     */
    public static List<Merge> bpeTrain(String corpus, int vocabSize, boolean tiesToLarger, Chunking chunking,
                                       boolean overlapping) {
        List<List<Integer>> words = new ArrayList<>();
        for (String chunk : chunks(corpus, chunking)) {
            List<Integer> ids = new ArrayList<>();
            for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
                ids.add(b & 0xff);
            }
            words.add(ids);
        }
        List<Merge> merges = new ArrayList<>();
        while (256 + merges.size() < vocabSize) {
            Map<Long, Integer> counts = new LinkedHashMap<>();
            for (List<Integer> w : words) {
                long previous = -1;
                int previousAt = -2;
                for (int i = 0; i + 1 < w.size(); i++) {
                    long key = key(w.get(i), w.get(i + 1));
                    if (!overlapping && key == previous && previousAt == i - 1) {
                        previousAt = -2;        // this pair overlaps the one just counted
                        continue;
                    }
                    counts.merge(key, 1, Integer::sum);
                    previous = key;
                    previousAt = i;
                }
            }
            if (counts.isEmpty()) {
                break;
            }
            long best = -1;
            int bestCount = 0;
            for (Map.Entry<Long, Integer> e : counts.entrySet()) {
                int c = e.getValue();
                long k = e.getKey();
                boolean better = c > bestCount || (c == bestCount && (tiesToLarger ? k > best : k < best));
                if (better) {
                    best = k;
                    bestCount = c;
                }
            }
            int token = 256 + merges.size();
            int left = (int) (best >>> 32);
            int right = (int) best;
            merges.add(new Merge(left, right, token));
            for (List<Integer> w : words) {
                replace(w, left, right, token);
            }
        }
        return merges;
    }

    /** BPE encoding that merges the leftmost known pair first instead of the earliest-learned one. */
    public static int[] bpeEncodeLeftmostFirst(String text, List<Merge> merges) {
        Map<Long, Integer> tokenOf = new HashMap<>();
        for (Merge m : merges) {
            tokenOf.putIfAbsent(key(m.left(), m.right()), m.token());
        }
        List<Integer> out = new ArrayList<>();
        for (String chunk : chunks(text, Chunking.PATTERN)) {
            List<Integer> ids = new ArrayList<>();
            for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
                ids.add(b & 0xff);
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int i = 0; i + 1 < ids.size(); i++) {
                    Integer t = tokenOf.get(key(ids.get(i), ids.get(i + 1)));
                    if (t != null) {
                        ids.set(i, t);
                        ids.remove(i + 1);
                        changed = true;
                        break;
                    }
                }
            }
            out.addAll(ids);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Each UTF-16 char as one id (chars instead of UTF-8 bytes). */
    public static int[] charsInsteadOfBytes(String text) {
        return text.chars().toArray();
    }

    /** Decoding each token on its own and joining the strings (breaks characters split across tokens). */
    public static String decodeTokenByToken(Tokenizer reference, int[] ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(new String(reference.tokenBytes(id), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** The chunks of {@code text}, joined with "|", for messages. */
    public static String showChunks(String text) {
        return String.join("|", chunks(text, Chunking.PATTERN));
    }

    /** Encoding (earliest-learned merge first, as the contract says) of text cut into chunks with {@code chunking}. */
    public static int[] bpeEncode(String text, List<Merge> merges, Chunking chunking) {
        Map<Long, Merge> byPair = new HashMap<>();
        for (Merge m : merges) {
            byPair.putIfAbsent(key(m.left(), m.right()), m);
        }
        List<Integer> out = new ArrayList<>();
        for (String chunk : chunks(text, chunking)) {
            List<Integer> ids = new ArrayList<>();
            for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
                ids.add(b & 0xff);
            }
            while (true) {
                Merge first = null;
                for (int i = 0; i + 1 < ids.size(); i++) {
                    Merge m = byPair.get(key(ids.get(i), ids.get(i + 1)));
                    if (m != null && (first == null || m.token() < first.token())) {
                        first = m;
                    }
                }
                if (first == null) {
                    break;
                }
                replace(ids, first.left(), first.right(), first.token());
            }
            out.addAll(ids);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code merges} numbered from {@code firstToken} instead of 256 (the references to merged tokens too). */
    public static List<Merge> renumbered(List<Merge> merges, int firstToken) {
        int shift = firstToken - 256;
        List<Merge> out = new ArrayList<>();
        for (Merge m : merges) {
            out.add(new Merge(m.left() >= 256 ? m.left() + shift : m.left(),
                    m.right() >= 256 ? m.right() + shift : m.right(), m.token() + shift));
        }
        return out;
    }

    private static List<String> chunks(String text, Chunking chunking) {
        if (chunking == Chunking.NONE) {
            return text.isEmpty() ? List.of() : List.of(text);
        }
        if (chunking == Chunking.JAVA_CHARACTER_CLASSES) {
            return characterClassRuns(text);
        }
        List<String> out = new ArrayList<>();
        Pattern pattern = switch (chunking) {
            case PATTERN -> CHUNKS;
            case WHITESPACE_SPLIT -> WHITESPACE_CHUNKS;
            default -> GPT2_CHUNKS;
        };
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Runs of letters, digits, whitespace and other characters by {@code Character}'s own tests. */
    private static List<String> characterClassRuns(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int runClass = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int c = Character.isLetter(cp) ? 0 : Character.isDigit(cp) ? 1 : Character.isWhitespace(cp) ? 2 : 3;
            if (c != runClass && !run.isEmpty()) {
                out.add(run.toString());
                run.setLength(0);
            }
            run.appendCodePoint(cp);
            runClass = c;
            i += Character.charCount(cp);
        }
        if (!run.isEmpty()) {
            out.add(run.toString());
        }
        return out;
    }

    private static void replace(List<Integer> w, int left, int right, int token) {
        List<Integer> out = new ArrayList<>(w.size());
        int i = 0;
        while (i < w.size()) {
            if (i + 1 < w.size() && w.get(i) == left && w.get(i + 1) == right) {
                out.add(token);
                i += 2;
            } else {
                out.add(w.get(i++));
            }
        }
        w.clear();
        w.addAll(out);
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }
}
