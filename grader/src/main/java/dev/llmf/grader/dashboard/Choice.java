package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An option a query parameter picks by name, such as {@code ?sort=total-desc} or {@code ?by=hour}. */
public interface Choice {

    /** The parameter's value that picks this option. */
    String param();

    /** The option {@code value} names; {@code otherwise} when it is null or blank; a 400 that lists them when unknown. */
    static <E extends Enum<E> & Choice> E of(Class<E> options, String name, String value, E otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        E[] all = options.getEnumConstants();
        return Arrays.stream(all).filter(o -> o.param().equals(value)).findFirst()
                .orElseThrow(() -> ApiException.badRequest(name + " (" + value + ") must be one of "
                        + Arrays.stream(all).map(Choice::param).collect(Collectors.joining(", "))));
    }
}
