package dev.llmf.grader.web.figures;

import dev.llmf.contract.Tensor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * The figures draw every learner's code on the same constant inputs. Learner code that writes into its arguments
 * would change those constants for everyone after it (the sandbox carries such writes back, as in-process code
 * would see them), so each call gets deep copies: tensors, arrays, lists and the contract's records.
 */
final class FreshArguments {

    private FreshArguments() {
    }

    /** {@code learner}, with every argument of every call copied first. */
    static <T> T wrap(Class<T> contract, T learner) {
        Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract},
                (self, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(learner, args);
                    }
                    Object[] copies = args == null ? null : new Object[args.length];
                    for (int i = 0; copies != null && i < args.length; i++) {
                        copies[i] = copy(args[i]);
                    }
                    try {
                        return method.invoke(learner, copies);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return contract.cast(proxy);
    }

    static Object copy(Object value) {
        return switch (value) {
            case Tensor t -> t.copy();
            case float[] a -> a.clone();
            case int[] a -> a.clone();
            case double[] a -> a.clone();
            case byte[] a -> a.clone();
            case List<?> list -> list.stream().map(FreshArguments::copy).toList();
            case Record r -> copyRecord(r);
            case null, default -> value;
        };
    }

    private static Record copyRecord(Record r) {
        RecordComponent[] components = r.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = copy(components[i].getAccessor().invoke(r));
            }
            return (Record) r.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + r.getClass().getName() + ": " + e, e);
        }
    }
}
