package dev.llmf.grader.text;

/**
 * Text from outside the grader — what learner code throws and prints, compiler messages about learner files,
 * values echoed from a request — made storable and displayable. PostgreSQL's {@code text} cannot hold U+0000 (a
 * store fails outright), HTML forbids control characters and noncharacters, and a lone surrogate is not a
 * character at all (it cannot be encoded as UTF-8). Each of these becomes U+FFFD, the replacement character;
 * tab, line feed and carriage return stay. Everything else, markup included, is left as it is: escaping for HTML
 * or JSON remains the template's and the serialiser's job.
 */
public final class SafeText {

    /** What every character that cannot be stored or shown becomes. */
    public static final char REPLACEMENT = '\uFFFD';

    private SafeText() {
    }

    /** {@code text} with every character that cannot be stored or shown replaced by U+FFFD; null stays null. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            if (safe(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(REPLACEMENT);
            }
            i += width;
        }
        return out.toString();
    }

    /** True when {@link #of} would return {@code text} unchanged. */
    public static boolean isSafe(String text) {
        return text == null || firstUnsafe(text) < 0;
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!safe(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    // codePointAt returns a lone surrogate as itself: a pair has already been combined into one code point.
    private static boolean safe(int cp) {
        if (cp < 0x20) {
            return cp == '\t' || cp == '\n' || cp == '\r';
        }
        if (cp >= 0x7F && cp <= 0x9F) {
            return false;                                   // DEL and the C1 controls
        }
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            return false;
        }
        boolean nonCharacter = (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
        return !nonCharacter;
    }
}
