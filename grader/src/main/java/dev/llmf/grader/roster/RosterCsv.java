package dev.llmf.grader.roster;

import dev.llmf.grader.api.ApiException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a roster file: UTF-8 CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes; an optional
 * byte-order mark) with a header row naming the columns {@code username}, {@code name} and {@code email} in any
 * order. Each record is checked on its own: the good ones come back as rows, each bad one as a rejection with the
 * line it starts on and what is wrong, so one bad line never hides the others. A missing or wrong header is a 400
 * for the whole file: without it no line can be read.
 */
public final class RosterCsv {

    public static final List<String> COLUMNS = List.of("username", "name", "email");
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,40}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_NAME = 100;
    private static final int MAX_EMAIL = 254;
    private static final int MAX_SHOWN = 200;

    /** A good row, from line {@code line} whose text was {@code text}; {@code email} is null when the cell was empty. */
    public record Row(int line, String text, String username, String name, String email) {
    }

    /** A bad line: where it starts, its text (cut at 200 characters), and why it was not imported. */
    public record Rejected(int line, String text, String reason) {
    }

    public record Parsed(List<Row> rows, List<Rejected> rejected) {
    }

    private record Record(int line, String text, List<String> fields, boolean unclosed) {
    }

    private RosterCsv() {
    }

    public static Parsed parse(String text) {
        String body = text != null && text.startsWith("\uFEFF") ? text.substring(1) : text == null ? "" : text;
        List<Record> records = records(body);
        if (records.isEmpty()) {
            throw ApiException.badRequest("the roster is empty: send a header row 'username,name,email' and one line per person");
        }
        Map<String, Integer> column = header(records.getFirst());
        List<Row> rows = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Record r : records.subList(1, records.size())) {
            String problem = problem(r, column.size());
            if (problem == null) {
                Row row = row(r, column);
                problem = check(row, seen);
                if (problem == null) {
                    seen.put(row.username(), row.line());
                    rows.add(row);
                    continue;
                }
            }
            rejected.add(new Rejected(r.line(), shown(r.text()), problem));
        }
        return new Parsed(rows, rejected);
    }

    private static Map<String, Integer> header(Record first) {
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < first.fields().size(); i++) {
            String name = first.fields().get(i).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw ApiException.badRequest("line 1: unknown column '" + shown(first.fields().get(i)) + "': the header"
                        + " row names the columns username, name and email (in any order)");
            }
            if (column.put(name, i) != null) {
                throw ApiException.badRequest("line 1: the column '" + name + "' is named twice");
            }
        }
        if (column.size() != COLUMNS.size()) {
            throw ApiException.badRequest("line 1: the header row must name the columns username, name and email;"
                    + " it has " + String.join(", ", first.fields()));
        }
        return column;
    }

    private static String problem(Record r, int columns) {
        if (r.unclosed()) {
            return "a quoted field is not closed: every \" that opens a field needs one that closes it";
        }
        if (r.fields().size() != columns) {
            return "has " + r.fields().size() + (r.fields().size() == 1 ? " field" : " fields") + ", expected "
                    + columns + " (username, name, email)";
        }
        return null;
    }

    private static Row row(Record r, Map<String, Integer> column) {
        String email = r.fields().get(column.get("email")).strip();
        return new Row(r.line(), shown(r.text()), r.fields().get(column.get("username")).strip().toLowerCase(Locale.ROOT),
                r.fields().get(column.get("name")).strip(), email.isEmpty() ? null : email);
    }

    private static String check(Row row, Map<String, Integer> seen) {
        if (!USERNAME.matcher(row.username()).matches()) {
            return "username '" + shown(row.username()) + "' must be 3 to 40 of a-z, 0-9, '.', '_', '-'";
        }
        if (seen.containsKey(row.username())) {
            return "username '" + row.username() + "' is already on line " + seen.get(row.username());
        }
        if (row.name().isEmpty()) {
            return "the name is empty";
        }
        if (row.name().length() > MAX_NAME || row.name().chars().anyMatch(Character::isISOControl)) {
            return "the name must be at most " + MAX_NAME + " characters, without control characters";
        }
        if (row.email() != null && (row.email().length() > MAX_EMAIL || !EMAIL.matcher(row.email()).matches())) {
            return "'" + shown(row.email()) + "' is not an e-mail address";
        }
        return null;
    }

    // RFC 4180 records, each with the line it starts on; blank lines are skipped.
    private static List<Record> records(String text) {
        List<Record> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        while (i < text.length()) {
            int start = i;
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean unclosed = false;
            while (true) {
                if (i >= text.length()) {
                    unclosed = quoted;
                    break;
                }
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                        line += c == '\n' ? 1 : 0;
                    }
                    i++;
                } else if (c == '"' && field.toString().isBlank()) {
                    quoted = true;
                    field.setLength(0);
                    i++;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    i++;
                } else if (c == '\r' || c == '\n') {
                    break;
                } else {
                    field.append(c);
                    i++;
                }
            }
            fields.add(field.toString());
            String raw = text.substring(start, i);
            if (i < text.length() && text.charAt(i) == '\r') {
                i++;
            }
            if (i < text.length() && text.charAt(i) == '\n') {
                i++;
            }
            line++;
            if (!raw.isBlank()) {
                out.add(new Record(startLine, raw, fields, unclosed));
            }
        }
        return out;
    }

    private static String shown(String text) {
        String flat = text.replace('\r', ' ').replace('\n', ' ');
        return flat.length() <= MAX_SHOWN ? flat : flat.substring(0, MAX_SHOWN) + "…";
    }
}
