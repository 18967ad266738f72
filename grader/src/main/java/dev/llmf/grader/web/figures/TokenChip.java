package dev.llmf.grader.web.figures;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A token drawn as a coloured chip with its id ({@code tags/chips.html}). {@code tone} is its colour class:
 * {@code byte} for the 256 single bytes, {@code tone-0} … {@code tone-7} for learned tokens by id, so the same id has
 * the same colour in every row (classes, because the pages' CSP allows no inline style). {@code differs} marks the
 * tokens from the first one that is not the reference's on.
 */
public record TokenChip(int id, String text, String tone, boolean differs) {

    static final int TONES = 8;
    static final int MAX_CHIPS = 64;

    /**
     * The chips of {@code ids} (at most {@value #MAX_CHIPS}), their text from {@code bytes}; those at and after
     * index {@code from} are marked as differing ({@code from < 0}: none).
     */
    static List<TokenChip> of(int[] ids, IntFunction<byte[]> bytes, int from) {
        List<TokenChip> out = new ArrayList<>();
        for (int i = 0; i < Math.min(ids.length, MAX_CHIPS); i++) {
            int id = ids[i];
            String tone = id < 256 ? "byte" : "tone-" + Math.floorMod(id - 256, TONES);
            out.add(new TokenChip(id, text(bytes.apply(id)), tone, from >= 0 && i >= from));
        }
        return out;
    }

    /**
     * A token's bytes as text, with spaces shown as ␣ and control characters as their Unicode pictures (␊ for a
     * newline), so that every token is visible; {@code ?} if unknown.
     */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return "?";
        }
        StringBuilder out = new StringBuilder();
        new String(bytes, StandardCharsets.UTF_8).chars().forEach(c -> out.append(
                c == ' ' ? '␣' : c < 0x20 ? (char) (0x2400 + c) : c == 0x7f ? '␡' : (char) c));
        return out.toString();
    }
}
