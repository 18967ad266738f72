package dev.llmf.grader.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Java source as HTML, one string per line: keywords, string and character literals (text blocks too), comments,
 * numbers and annotations wrapped in {@code <span class="tok-…">}, every character of the source HTML-escaped. A
 * token that spans lines (a block comment, a text block) is closed at each line end and opened again on the next,
 * so every line is well-formed on its own. A small hand-written lexer, not a parser: it never fails, whatever the
 * input, and anything it does not recognise is plain text.
 */
public final class JavaHighlighter {

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface",
            "long", "native", "new", "package", "private", "protected", "public", "return", "short", "static",
            "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "var", "record", "yield", "sealed", "permits", "true", "false", "null");

    private enum Kind {
        PLAIN(null), KEYWORD("tok-kw"), STRING("tok-str"), COMMENT("tok-com"), NUMBER("tok-num"), ANNOTATION("tok-ann");

        final String css;

        Kind(String css) {
            this.css = css;
        }
    }

    private record Token(Kind kind, String text) {
    }

    private JavaHighlighter() {
    }

    /** The source's lines as HTML; as many as the source has lines ({@code "a\nb\n"} has two). */
    public static List<String> lines(String source) {
        String text = source.replace("\r\n", "\n").replace('\r', '\n');
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (Token t : tokens(text)) {
            String[] parts = t.text().split("\n", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                if (!parts[i].isEmpty()) {
                    append(line, t.kind(), parts[i]);
                }
            }
        }
        if (line.length() > 0 || !text.endsWith("\n")) {
            out.add(line.toString());
        }
        return out;
    }

    private static void append(StringBuilder html, Kind kind, String text) {
        if (kind.css != null) {
            html.append("<span class=\"").append(kind.css).append("\">");
        }
        escape(html, text);
        if (kind.css != null) {
            html.append("</span>");
        }
    }

    /** HTML-escapes {@code text} into {@code html}: the five characters that could end a text or attribute. */
    static void escape(StringBuilder html, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int plainStart = 0;
        while (i < s.length()) {
            int end = tokenEnd(s, i);
            if (end < 0) {
                i++;
                continue;
            }
            if (plainStart < i) {
                out.add(new Token(Kind.PLAIN, s.substring(plainStart, i)));
            }
            String text = s.substring(i, end);
            out.add(new Token(kind(s, i, text), text));
            i = end;
            plainStart = end;
        }
        if (plainStart < s.length()) {
            out.add(new Token(Kind.PLAIN, s.substring(plainStart)));
        }
        return out;
    }

    /** Where the token that starts at {@code i} ends, or -1 when none starts there (plain text). */
    private static int tokenEnd(String s, int i) {
        char c = s.charAt(i);
        if (s.startsWith("//", i)) {
            int nl = s.indexOf('\n', i);
            return nl < 0 ? s.length() : nl;
        }
        if (s.startsWith("/*", i)) {
            int close = s.indexOf("*/", i + 2);
            return close < 0 ? s.length() : close + 2;
        }
        if (s.startsWith("\"\"\"", i)) {
            return quoted(s, i + 3, "\"\"\"");
        }
        if (c == '"' || c == '\'') {
            return quoted(s, i + 1, String.valueOf(c));
        }
        if (c == '@' && i + 1 < s.length() && Character.isJavaIdentifierStart(s.charAt(i + 1))) {
            return word(s, i + 1);
        }
        boolean wordBefore = i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1));
        if (Character.isDigit(c) && !wordBefore) {
            return number(s, i);
        }
        if (Character.isJavaIdentifierStart(c) && !wordBefore) {
            return word(s, i);
        }
        return -1;
    }

    private static Kind kind(String s, int i, String text) {
        char c = s.charAt(i);
        if (text.startsWith("//") || text.startsWith("/*")) {
            return Kind.COMMENT;
        }
        if (c == '"' || c == '\'') {
            return Kind.STRING;
        }
        if (c == '@') {
            return Kind.ANNOTATION;
        }
        if (Character.isDigit(c)) {
            return Kind.NUMBER;
        }
        return KEYWORDS.contains(text) ? Kind.KEYWORD : Kind.PLAIN;
    }

    // A literal ends at its closing quote (a backslash escapes the next character); a "..." or '...' literal that
    // is not closed on its line ends there, so one stray quote does not colour the rest of the file.
    private static int quoted(String s, int from, String close) {
        boolean single = close.length() == 1;
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (single && c == '\n') {
                return i;
            }
            if (s.startsWith(close, i)) {
                return i + close.length();
            }
            i++;
        }
        return s.length();
    }

    private static int word(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isJavaIdentifierPart(s.charAt(i))) {
            i++;
        }
        return i;
    }

    // Decimal, hex and binary literals with underscores, a fraction, an exponent and a type suffix.
    private static int number(String s, int from) {
        boolean hex = s.startsWith("0x", from) || s.startsWith("0X", from);
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean exponentSign = (c == '+' || c == '-') && (hex ? "pP" : "eE").indexOf(s.charAt(i - 1)) >= 0;
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || exponentSign) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }
}
