package dev.llmf.cli;

import java.nio.charset.Charset;

/**
 * How results are marked: ✔ ✘ ○ where the terminal's charset can show them (ASCII stand-ins otherwise), in colour
 * only on a terminal and only when {@code NO_COLOR} is not set.
 */
public record Style(boolean unicode, boolean color) {

    public static Style forCharset(Charset charset, boolean color) {
        boolean unicode = charset.newEncoder().canEncode("✔✘○—·⠋");
        return new Style(unicode, color);
    }

    public String pass() {
        return paint("32", unicode ? "✔" : "+");
    }

    public String fail() {
        return paint("31", unicode ? "✘" : "x");
    }

    public String todo() {
        return paint("33", unicode ? "○" : "o");
    }

    public String dash() {
        return unicode ? "—" : "-";
    }

    public String dot() {
        return unicode ? "·" : "-";
    }

    public String[] spinner() {
        return unicode ? new String[] {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}
                : new String[] {"|", "/", "-", "\\"};
    }

    public String bold(String s) {
        return paint("1", s);
    }

    public String dim(String s) {
        return paint("2", s);
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
