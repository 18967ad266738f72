package dev.llmf.grader.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The accepted tensors solution with code added at the start of its methods: slow, hostile or endless variants. */
public final class TensorsVariants {

    private static final Pattern ANY_METHOD = Pattern.compile("public Tensor \\w+\\((?:Tensor|int)[^)]*\\)\\s*\\{");
    private static final Pattern SOFTMAX = Pattern.compile("public Tensor softmax\\(Tensor (\\w+)\\)\\s*\\{");

    private TensorsVariants() {
    }

    /** Correct, but every softmax call sleeps {@code pause} first: a grading slow enough to interrupt. */
    public static Map<String, String> slowSoftmax(Duration pause) {
        return withSoftmaxPayload("try { Thread.sleep(" + pause.toMillis() + "); }"
                + " catch (InterruptedException e) { Thread.currentThread().interrupt(); }");
    }

    /** {@code payload} runs at the start of softmax; {@code $X} in it names softmax's parameter. */
    public static Map<String, String> withSoftmaxPayload(String payload) {
        return edit(source -> {
            Matcher m = SOFTMAX.matcher(source);
            if (!m.find()) {
                throw new IllegalStateException("the accepted TensorOps declares no softmax(Tensor …)");
            }
            return source.substring(0, m.end()) + "\n" + payload.replace("$X", m.group(1)) + "\n"
                    + source.substring(m.end());
        });
    }

    /** Every public method of TensorOps loops forever (the constructor does not). */
    public static Map<String, String> everyMethodLoopsForever() {
        return edit(source -> ANY_METHOD.matcher(source)
                .replaceAll(m -> Matcher.quoteReplacement(m.group()
                        + " if (System.nanoTime() != 0) { while (true) { Thread.onSpinWait(); } }")));
    }

    private static Map<String, String> edit(java.util.function.UnaryOperator<String> change) {
        Map<String, String> sources = new LinkedHashMap<>(Submissions.sources("tensors", "accepted"));
        String key = sources.keySet().stream().filter(k -> k.endsWith("TensorOps.java")).findFirst().orElseThrow();
        sources.put(key, change.apply(sources.get(key)));
        return sources;
    }
}
