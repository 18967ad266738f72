package dev.llmf.grader.suites;

import dev.llmf.contract.Tensor;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Check#leavesInputsAlone}: copies every buffer and array an input reaches before a learner call and
 * compares them after it, so a write into an argument fails the test with the input's name and the element.
 */
final class InputGuard {

    /** One array an input reaches, its contents before the call, and how to name an element of it. */
    private record Watched(String name, Object array, Object before, Tensor view) {
    }

    private InputGuard() {
    }

    static <T> T check(String what, Supplier<T> call, Object... inputs) {
        if (inputs.length % 2 != 0) {
            throw new IllegalArgumentException("inputs come as name, value pairs");
        }
        List<Watched> watched = new ArrayList<>();
        for (int i = 0; i < inputs.length; i += 2) {
            watch((String) inputs[i], inputs[i + 1], watched);
        }
        T result = null;
        RuntimeException thrown = null;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            thrown = e;             // a write into the input before the exception is still reported first
        }
        for (Watched w : watched) {
            int at = Arrays.mismatch(asFloats(w.before()), asFloats(w.array()));
            if (at >= 0) {
                fail(what + " wrote into its input " + w.name() + where(w, at) + ": the contract's methods leave "
                        + "their arguments as they were; compute into a new tensor or array (e.g. Tensor.zeros(...)"
                        + " or values.clone()) instead of overwriting the input"
                        + (thrown == null ? "" : " (the call then threw " + thrown.getClass().getSimpleName() + ": "
                        + thrown.getMessage() + ")"));
            }
        }
        if (thrown != null) {
            throw thrown;
        }
        return result;
    }

    private static void watch(String name, Object value, List<Watched> out) {
        switch (value) {
            case null -> {
            }
            case Tensor t -> out.add(new Watched(name, t.data(), t.data().clone(), t));
            case float[] a -> out.add(new Watched(name, a, a.clone(), null));
            case int[] a -> out.add(new Watched(name, a, a.clone(), null));
            case byte[] a -> out.add(new Watched(name, a, a.clone(), null));
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    watch(name + "[" + i + "]", list.get(i), out);
                }
            }
            case Record r -> {
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    try {
                        watch(name + "." + c.getName() + "()", c.getAccessor().invoke(r), out);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** "at [1, 2]: it was 3.0 and is now 0.5" for a tensor element, or its index in an array. */
    private static String where(Watched w, int at) {
        float[] before = asFloats(w.before());
        float[] now = asFloats(w.array());
        String values = ": it was " + before[at] + " and is now " + now[at];
        if (w.view() == null) {
            return " at index " + at + values;
        }
        int[] index = indexOf(w.view(), at);
        return index == null ? " (outside its view, at buffer index " + at + ")" + values
                : " at element " + Arrays.toString(index) + values;
    }

    /** The element of {@code view} that lives at buffer position {@code position}, or null. */
    private static int[] indexOf(Tensor view, int position) {
        int[] shape = view.shape();
        int[] strides = view.strides();
        int[] index = new int[shape.length];
        for (int n = 0; n < view.numel(); n++) {
            int pos = view.offset();
            for (int d = 0; d < shape.length; d++) {
                pos += index[d] * strides[d];
            }
            if (pos == position) {
                return index;
            }
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
        return null;
    }

    private static float[] asFloats(Object array) {
        return switch (array) {
            case float[] f -> f;
            case int[] a -> {
                float[] out = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    out[i] = a[i];
                }
                yield out;
            }
            case byte[] a -> {
                float[] out = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    out[i] = a[i];
                }
                yield out;
            }
            default -> throw new IllegalArgumentException(array.getClass().getName());
        };
    }
}
