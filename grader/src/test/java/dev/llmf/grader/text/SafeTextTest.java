package dev.llmf.grader.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTextTest {

    @Test
    void aNulBecomesTheReplacementCharacter() {
        assertEquals("bad\uFFFDvalue", SafeText.of("bad\u0000value"));
        assertFalse(SafeText.isSafe("bad\u0000value"));
    }

    @Test
    void loneSurrogatesAreReplacedAndPairsKept() {
        assertEquals("a\uFFFDb\uFFFDc", SafeText.of("a\uD800b\uDC00c"));
        assertEquals("emoji \uD83D\uDE00 stays", SafeText.of("emoji \uD83D\uDE00 stays"));
        // what comes out can be encoded as UTF-8 and back without loss
        String safe = SafeText.of("x\uDBFF");
        assertEquals(safe, new String(safe.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Test
    void controlCharactersAndNoncharactersGoButLayoutStays() {
        assertEquals("\uFFFD[31mred\uFFFD", SafeText.of("\u001B[31mred\u007F"));
        assertEquals("c1 \uFFFD", SafeText.of("c1 \u0085"));
        assertEquals("\uFFFD \uFFFD \uFFFD", SafeText.of("\uFFFE \uFDD0 \uD83F\uDFFF"));
        assertEquals("tab\there\nnew line\r\n", SafeText.of("tab\there\nnew line\r\n"));
    }

    @Test
    void safeTextIsReturnedAsItIs() {
        String text = "<b>markup & quotes \"stay\"</b> — é ü 漢字";
        assertSame(text, SafeText.of(text));
        assertTrue(SafeText.isSafe(text));
        assertNull(SafeText.of(null));
    }
}
