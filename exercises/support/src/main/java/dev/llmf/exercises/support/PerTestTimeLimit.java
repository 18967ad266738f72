package dev.llmf.exercises.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words a public test that ran past the time limit the way the grader words a call that did: "your code did not
 * finish within 10 s: is there an infinite loop?". The limit itself is JUnit's default timeout, set in this jar's
 * {@code junit-platform.properties}; this extension is registered for every test through
 * {@code META-INF/services} (extension auto-detection is switched on there too).
 */
public final class PerTestTimeLimit implements TestExecutionExceptionHandler {

    /** The JUnit setting that holds the limit, e.g. "10 s". */
    public static final String LIMIT_PARAMETER = "junit.jupiter.execution.timeout.default";

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ns|μs|ms|s|m|h|d)?\\s*",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof TimeoutException) {
            String limit = context.getConfigurationParameter(LIMIT_PARAMETER).map(PerTestTimeLimit::inSeconds)
                    .orElse("the time limit");
            AssertionFailedError failure = new AssertionFailedError(message(limit));
            failure.addSuppressed(thrown);
            throw failure;
        }
        throw thrown;
    }

    /** The grader's sentence for a call that ran past {@code limit} (e.g. "10 s"). */
    public static String message(String limit) {
        return "your code did not finish within " + limit + ": is there an infinite loop?";
    }

    /** "10 s" for JUnit's "10 s", "10s" or "10"; "1.5 s" for "1500 ms". */
    static String inSeconds(String junitDuration) {
        Matcher m = DURATION.matcher(junitDuration);
        if (!m.matches()) {
            return junitDuration.strip();
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        double seconds = switch (unit) {
            case "ns" -> amount / 1e9;
            case "μs" -> amount / 1e6;
            case "ms" -> amount / 1e3;
            case "m" -> amount * 60.0;
            case "h" -> amount * 3600.0;
            case "d" -> amount * 86400.0;
            default -> amount;
        };
        return seconds == Math.rint(seconds) ? (long) seconds + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", seconds);
    }
}
