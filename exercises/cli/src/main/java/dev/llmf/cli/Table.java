package dev.llmf.cli;

import java.io.PrintWriter;
import java.util.List;

/** A plain text table: columns padded to their widest cell, the first row as the header. */
final class Table {

    private Table() {
    }

    static void print(PrintWriter out, List<String[]> rows, Style style) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].codePointCount(0, r[c].length()));
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = r[c];
                boolean last = c == cols - 1;
                line.append(last ? cell : pad(cell, width[c])).append(last ? "" : "  ");
            }
            String text = line.toString().stripTrailing();
            out.println(i == 0 ? style.bold(text) : text);
        }
    }

    static String pad(String s, int width) {
        int n = s.codePointCount(0, s.length());
        return n >= width ? s : s + " ".repeat(width - n);
    }
}
