package dev.llmf.grader.review;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaHighlighterTest {

    @Test
    @DisplayName("keywords, strings, characters, numbers, annotations and comments get their spans; the rest is plain")
    void tokens() {
        assertEquals(List.of("<span class=\"tok-ann\">@Override</span> <span class=\"tok-kw\">public</span>"
                        + " <span class=\"tok-kw\">int</span> size() { <span class=\"tok-kw\">return</span>"
                        + " <span class=\"tok-num\">0x1F</span> + <span class=\"tok-num\">1.5e-3</span>"
                        + " + <span class=\"tok-str\">&#39;x&#39;</span>; } <span class=\"tok-com\">// done</span>"),
                JavaHighlighter.lines("@Override public int size() { return 0x1F + 1.5e-3 + 'x'; } // done"));
        assertEquals(List.of("<span class=\"tok-kw\">var</span> s = <span class=\"tok-str\">&quot;a \\&quot;quoted\\&quot; &lt;b&gt; &amp; c&quot;</span>;"),
                JavaHighlighter.lines("var s = \"a \\\"quoted\\\" <b> & c\";"), "every character escaped, escapes kept");
        assertEquals(List.of("x1 = intValue2 + record3;"), JavaHighlighter.lines("x1 = intValue2 + record3;"),
                "digits and keywords inside names are no tokens of their own");
    }

    @Test
    @DisplayName("a block comment or text block over several lines is closed and reopened on each, so every line is whole")
    void multiLineTokens() {
        assertEquals(List.of("<span class=\"tok-com\">/* one</span>", "<span class=\"tok-com\">   two */</span> x"),
                JavaHighlighter.lines("/* one\n   two */ x"));
        assertEquals(List.of("s = <span class=\"tok-str\">&quot;&quot;&quot;</span>",
                        "<span class=\"tok-str\">  text</span>", "<span class=\"tok-str\">  &quot;&quot;&quot;</span>;"),
                JavaHighlighter.lines("s = \"\"\"\n  text\n  \"\"\";"));
    }

    @Test
    @DisplayName("as many lines as the file has: empty ones kept, a final line break adds none, CRLF read as one break")
    void lineCount() {
        assertEquals(List.of("a", "", "b"), JavaHighlighter.lines("a\n\nb\n"));
        assertEquals(List.of("a", "b"), JavaHighlighter.lines("a\r\nb"));
        assertEquals(List.of(""), JavaHighlighter.lines(""));
    }

    @Test
    @DisplayName("an unclosed string ends at its line; random input never throws and never lets markup through")
    void robust() {
        assertEquals(List.of("x = <span class=\"tok-str\">&quot;open</span>", "y"), JavaHighlighter.lines("x = \"open\ny"));
        Random random = new Random(12);
        String alphabet = "ab1.e+-/*\"'\\@<>&\n x9_";
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (String line : JavaHighlighter.lines(s.toString())) {
                String withoutSpans = line.replaceAll("<span class=\"tok-[a-z]+\">", "").replace("</span>", "");
                assertFalse(withoutSpans.contains("<") || withoutSpans.contains(">"), s + " → " + line);
                assertTrue(line.split("<span", -1).length == line.split("</span>", -1).length, s + " → " + line);
            }
        }
    }
}
