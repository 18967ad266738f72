package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tensor;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@link Wire}'s decoder: reads values from one payload, checking every length against the bytes left.
 *
 * <p>Part of {@link Wire}; runs inside the child JVM too: only the JDK and the contract may be used here.
 */
final class WireDecoder {

    private final ByteBuffer buf;
    private final SharedArrays shared;

    WireDecoder(byte[] payload) {
        this(payload, null);
    }

    WireDecoder(byte[] payload, SharedArrays shared) {
        this.buf = ByteBuffer.wrap(payload);
        this.shared = shared;
    }

    /** With a table: the releases (requests only) and the changed contents that end the frame. */
    void readSyncBlock(boolean withReleases) throws Wire.ProtocolException {
        if (shared == null) {
            return;
        }
        if (withReleases) {
            int released = readLength(4, "released ids");
            for (int i = 0; i < released; i++) {
                shared.release(readInt());
            }
        }
        int updates = readLength(5, "updates");
        for (int i = 0; i < updates; i++) {
            int id = readInt();
            shared.apply(id, readPlainArray());
        }
    }

    private void need(long bytes, String what) throws Wire.ProtocolException {
        if (bytes < 0 || bytes > buf.remaining()) {
            throw new Wire.ProtocolException(what + " needs " + bytes + " bytes but the frame has " + buf.remaining()
                    + " left");
        }
    }

    void expectType(byte type) throws Wire.ProtocolException {
        need(1, "frame type");
        byte actual = buf.get();
        if (actual != type) {
            throw new Wire.ProtocolException("expected a frame of type '" + (char) type + "' but got type " + actual);
        }
    }

    void expectEnd() throws Wire.ProtocolException {
        if (buf.hasRemaining()) {
            throw new Wire.ProtocolException(buf.remaining() + " unexpected bytes at the end of the frame");
        }
    }

    byte readByte() throws Wire.ProtocolException {
        need(1, "byte");
        return buf.get();
    }

    int readInt() throws Wire.ProtocolException {
        need(4, "int");
        return buf.getInt();
    }

    long readLong() throws Wire.ProtocolException {
        need(8, "long");
        return buf.getLong();
    }

    private int readLength(int elementBytes, String what) throws Wire.ProtocolException {
        int n = readInt();
        if (n < 0) {
            throw new Wire.ProtocolException(what + " of negative length " + n);
        }
        need((long) n * elementBytes, what + " of length " + n);
        return n;
    }

    String readString() throws Wire.ProtocolException {
        int n = readLength(1, "string");
        byte[] bytes = new byte[n];
        buf.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Wire.ProtocolException("string that is not valid UTF-8");
        }
    }

    String readBoundedString() throws Wire.ProtocolException {
        String s = readString();
        if (s.length() > Wire.MAX_MESSAGE_CHARS) {
            throw new Wire.ProtocolException("string of " + s.length() + " characters where at most "
                    + Wire.MAX_MESSAGE_CHARS + " are allowed");
        }
        return s;
    }

    String readNullableBoundedString() throws Wire.ProtocolException {
        int mark = buf.position();
        if (readInt() == -1) {
            return null;
        }
        buf.position(mark);
        return readBoundedString();
    }

    Object readValue(int depth) throws Wire.ProtocolException {
        if (depth > Wire.MAX_DEPTH) {
            throw new Wire.ProtocolException("value nested deeper than " + Wire.MAX_DEPTH + " levels");
        }
        byte tag = readByte();
        switch (tag) {
            case Wire.T_NULL:
                return null;
            case Wire.T_FALSE:
                return Boolean.FALSE;
            case Wire.T_TRUE:
                return Boolean.TRUE;
            case Wire.T_INT:
                return readInt();
            case Wire.T_LONG:
                return readLong();
            case Wire.T_FLOAT:
                return Float.intBitsToFloat(readInt());
            case Wire.T_DOUBLE:
                return Double.longBitsToDouble(readLong());
            case Wire.T_STRING:
                return readString();
            case Wire.T_INT_ARRAY, Wire.T_FLOAT_ARRAY, Wire.T_DOUBLE_ARRAY, Wire.T_BYTE_ARRAY:
                return readArray(tag);
            case Wire.T_SHARED_NEW, Wire.T_SHARED_REF:
                return readShared(tag);
            case Wire.T_VIEW:
                return readView();
            case Wire.T_TENSOR:
                return readTensor();
            case Wire.T_LIST: {
                // every element takes at least one byte: the length is bounded by the bytes left
                int n = readLength(1, "list");
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            case Wire.T_RECORD:
                return readRecord(depth);
            case Wire.T_ENUM:
                return readEnum();
            default:
                throw new Wire.ProtocolException("unknown value tag " + tag);
        }
    }

    private Object readPlainArray() throws Wire.ProtocolException {
        byte tag = readByte();
        if (tag != Wire.T_INT_ARRAY && tag != Wire.T_FLOAT_ARRAY && tag != Wire.T_DOUBLE_ARRAY && tag != Wire.T_BYTE_ARRAY) {
            throw new Wire.ProtocolException("expected an array but got value tag " + tag);
        }
        return readArray(tag);
    }

    private Object readArray(byte tag) throws Wire.ProtocolException {
        switch (tag) {
            case Wire.T_INT_ARRAY: {
                int[] a = new int[readLength(4, "int[]")];
                buf.asIntBuffer().get(a);
                buf.position(buf.position() + 4 * a.length);
                return a;
            }
            case Wire.T_FLOAT_ARRAY:
                return readFloats(readLength(4, "float[]"));
            case Wire.T_DOUBLE_ARRAY: {
                double[] a = new double[readLength(8, "double[]")];
                buf.asDoubleBuffer().get(a);
                buf.position(buf.position() + 8 * a.length);
                return a;
            }
            default: {
                byte[] a = new byte[readLength(1, "byte[]")];
                buf.get(a);
                return a;
            }
        }
    }

    private Object readShared(byte tag) throws Wire.ProtocolException {
        if (shared == null) {
            throw new Wire.ProtocolException("a shared array outside a session");
        }
        int id = readInt();
        if (tag == Wire.T_SHARED_REF) {
            return shared.resolve(id);
        }
        Object array = readPlainArray();
        shared.adopt(id, array);
        return array;
    }

    /** A tensor view: its buffer must hold every element the offset, shape and strides reach. */
    private Tensor readView() throws Wire.ProtocolException {
        byte tag = readByte();
        if (tag != Wire.T_SHARED_NEW && tag != Wire.T_SHARED_REF || !(readShared(tag) instanceof float[] data)) {
            throw new Wire.ProtocolException("a tensor view whose buffer is not a shared float[]");
        }
        int offset = readInt();
        int rank = readInt();
        if (rank < 1 || rank > Wire.MAX_RANK) {
            throw new Wire.ProtocolException("tensor of rank " + rank + " (1.." + Wire.MAX_RANK + " allowed)");
        }
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = readInt();
        }
        long numel = 1;
        long last = offset;
        for (int d = 0; d < rank; d++) {
            strides[d] = readInt();
            if (shape[d] < 0 || strides[d] < 0) {
                throw new Wire.ProtocolException("tensor view with shape " + Arrays.toString(shape) + " and strides "
                        + Arrays.toString(strides) + ": negative sizes and strides are not allowed");
            }
            numel *= shape[d];
            last += (long) Math.max(shape[d] - 1, 0) * strides[d];
        }
        boolean fits = offset >= 0 && (numel == 0 ? offset <= data.length : last < data.length);
        if (!fits || numel > Wire.MAX_FRAME_BYTES) {
            throw new Wire.ProtocolException("tensor view (offset " + offset + ", shape " + Arrays.toString(shape)
                    + ", strides " + Arrays.toString(strides) + ") reaches outside its buffer of "
                    + data.length);
        }
        return TensorViews.view(data, offset, shape, strides);
    }

    private float[] readFloats(int n) {
        float[] a = new float[n];
        buf.asFloatBuffer().get(a);
        buf.position(buf.position() + 4 * n);
        return a;
    }

    private Tensor readTensor() throws Wire.ProtocolException {
        int rank = readInt();
        if (rank < 1 || rank > Wire.MAX_RANK) {
            throw new Wire.ProtocolException("tensor of rank " + rank + " (1.." + Wire.MAX_RANK + " allowed)");
        }
        int[] shape = new int[rank];
        long numel = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = readInt();
            if (shape[d] < 0) {
                throw new Wire.ProtocolException("tensor shape " + Arrays.toString(shape) + " has a negative size");
            }
            numel *= shape[d];
            if (numel > Wire.MAX_FRAME_BYTES) {
                throw new Wire.ProtocolException("tensor shape too large");
            }
        }
        need(numel * 4, "tensor data of " + numel + " floats");
        try {
            return Tensor.of(readFloats((int) numel), shape);
        } catch (IllegalArgumentException e) {
            throw new Wire.ProtocolException("invalid tensor: " + e.getMessage());
        }
    }

    private Object readEnum() throws Wire.ProtocolException {
        String className = readString();
        String name = readString();
        Class<?> c = Wire.contractClass(className);
        if (c == null || !c.isEnum()) {
            throw new Wire.ProtocolException(className + " is not an enum of the contract");
        }
        for (Object constant : c.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new Wire.ProtocolException(className + " has no constant " + name);
    }

    private Object readRecord(int depth) throws Wire.ProtocolException {
        String className = readString();
        Class<?> c = Wire.contractClass(className);
        if (c == null || !c.isRecord() || !Modifier.isPublic(c.getModifiers())) {
            throw new Wire.ProtocolException(className + " is not a public record of the contract");
        }
        RecordComponent[] components = c.getRecordComponents();
        int n = readInt();
        if (n != components.length) {
            throw new Wire.ProtocolException(className + " has " + components.length + " components but the frame has "
                    + n);
        }
        Class<?>[] types = new Class<?>[n];
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            types[i] = components[i].getType();
            values[i] = readValue(depth + 1);
            if (!Wire.fits(types[i], values[i])) {
                throw new Wire.ProtocolException(className + "." + components[i].getName() + " must be a "
                        + types[i].getTypeName() + " but the frame has "
                        + (values[i] == null ? "null" : values[i].getClass().getTypeName()));
            }
            checkListElements(className, components[i], values[i]);
        }
        try {
            Constructor<?> canonical = c.getDeclaredConstructor(types);
            if (!Modifier.isPublic(canonical.getModifiers())) {
                throw new Wire.ProtocolException(className + " has no public canonical constructor");
            }
            return canonical.newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new Wire.ProtocolException("invalid " + className + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new Wire.ProtocolException("cannot build " + className + ": " + e, e);
        }
    }

    private static void checkListElements(String className, RecordComponent component, Object value)
            throws Wire.ProtocolException {
        if (!(value instanceof List<?> list)) {
            return;
        }
        Type generic = component.getGenericType();
        if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            for (Object o : list) {
                if (o != null && !element.isInstance(o)) {
                    throw new Wire.ProtocolException(className + "." + component.getName() + " must hold "
                            + element.getTypeName() + " but holds a " + o.getClass().getTypeName());
                }
            }
        }
    }
}
