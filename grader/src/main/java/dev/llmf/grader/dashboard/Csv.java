package dev.llmf.grader.dashboard;

import java.util.List;

/**
 * One CSV line as RFC 4180 writes it, safe to open in a spreadsheet. A text cell that starts with {@code = + - @}
 * (or a tab or carriage return) gets a leading {@code '}, so that a display name like {@code =HYPERLINK(…)} stays
 * text instead of becoming a formula (CSV injection); a cell with a comma, quote or line break is quoted, its
 * quotes doubled.
 */
public final class Csv {

    private Csv() {
    }

    /** The cells joined by commas, ending in CRLF; null cells are empty. */
    public static String line(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        return out.append("\r\n").toString();
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
