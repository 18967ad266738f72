package dev.llmf.grader.course;

import java.util.List;

/** The options of {@code create-course}; {@code name}, {@code email} and {@code url} may be null. */
public record CreateCourseOptions(String slug, String title, String instructor, String name, String email, String url) {

    public static final String USAGE = "usage: create-course --slug SLUG --title TITLE --instructor USERNAME"
            + " [--name \"DISPLAY NAME\"] [--email ADDRESS] [--url https://grader.example.edu]";

    /** Reads the command line; throws with a message that says what is wrong. */
    public static CreateCourseOptions parse(List<String> args) {
        String slug = null;
        String title = null;
        String instructor = null;
        String name = null;
        String email = null;
        String url = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 == args.size()) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unexpected '" + option + "'");
            }
            String value = args.get(++i);
            switch (option) {
                case "--slug" -> slug = value;
                case "--title" -> title = value;
                case "--instructor" -> instructor = value;
                case "--name" -> name = value;
                case "--email" -> email = value;
                case "--url" -> url = value.replaceAll("/+$", "");
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (slug == null || title == null || instructor == null) {
            throw new IllegalArgumentException("--slug, --title and --instructor are required");
        }
        return new CreateCourseOptions(slug, title, instructor, name, email, url);
    }
}
