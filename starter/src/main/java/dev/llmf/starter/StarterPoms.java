package dev.llmf.starter;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The course repository's poms, cut down to what a learner's copy builds: the contract and the exercises, without
 * the reference implementation, the grader, the command line's sources, or the exercises' second test run against
 * the reference. Each cut is checked, so a pom edited into a shape these patterns no longer match fails the build
 * instead of shipping a starter that asks for the reference.
 */
final class StarterPoms {

    /** Words no pom in the starter may contain. */
    static final List<String> FORBIDDEN = List.of("llmf-reference", "against-reference", "reference-impl",
            "llmf-grader", "<module>cli</module>");

    // A <dependency> on the reference (its comment, if any, sits inside the block).
    private static final Pattern REFERENCE_DEPENDENCY = Pattern.compile(
            "\\n[ \\t]*<dependency>(?:(?!</dependency>)[\\s\\S])*?<artifactId>llmf-reference</artifactId>"
                    + "(?:(?!</dependency>)[\\s\\S])*?</dependency>");
    // The exercises' run against the reference, with the comment just above it.
    private static final Pattern REFERENCE_RUN = Pattern.compile(
            "(?:\\n[ \\t]*<!--(?:(?!-->)[\\s\\S])*-->)?\\s*<execution>\\s*<id>against-reference</id>[\\s\\S]*?</execution>");
    private static final Pattern MODULES = Pattern.compile("<modules>[\\s\\S]*?</modules>");

    private StarterPoms() {
    }

    /** The top-level pom: the contract ({@code src/}) and the exercises, nothing else. */
    static String root(String pom) {
        String modules = "<modules>\n    <module>src</module>\n    <module>exercises</module>\n  </modules>";
        return checked("pom.xml", removeAll(replaceOnce(pom, MODULES, modules), REFERENCE_DEPENDENCY));
    }

    /** {@code exercises/pom.xml}: no command-line module (the starter ships it built) and no reference run. */
    static String exercises(String pom) {
        String withoutCli = pom.replace("\n    <module>cli</module>", "");
        return checked("exercises/pom.xml", removeAll(withoutCli, REFERENCE_RUN));
    }

    /** An exercise's pom: its test dependency on the reference goes. */
    static String exercise(String path, String pom) {
        return checked(path, removeAll(pom, REFERENCE_DEPENDENCY));
    }

    private static String replaceOnce(String text, Pattern pattern, String replacement) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " to replace");
        }
        return text.substring(0, m.start()) + replacement + text.substring(m.end());
    }

    private static String removeAll(String text, Pattern pattern) {
        return pattern.matcher(text).replaceAll("");
    }

    private static String checked(String path, String pom) {
        for (String word : FORBIDDEN) {
            if (pom.contains(word)) {
                throw new IllegalStateException(path + " still mentions " + word + " after its cut for the starter:"
                        + " update StarterPoms to the pom's new shape");
            }
        }
        return pom;
    }
}
