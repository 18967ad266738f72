package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tensor;

import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Wire}'s encoder: writes values into a growing buffer; refuses anything that is not a wire type.
 *
 * <p>Part of {@link Wire}; runs inside the child JVM too: only the JDK and the contract may be used here.
 */
final class WireEncoder {

    private final SharedArrays shared;
    private final List<Integer> issued = new ArrayList<>();
    private ByteBuffer buf = ByteBuffer.allocate(256);

    WireEncoder() {
        this(null);
    }

    WireEncoder(SharedArrays shared) {
        this.shared = shared;
    }

    /**
     * Appends the sync block (with a table) and returns the frame; the table takes the sent contents.
     * {@code released}: the ids a request releases; null for a response, which releases nothing.
     */
    byte[] finish(List<Integer> released) {
        if (shared == null) {
            return toByteArray();
        }
        if (released != null) {
            writeInt(released.size());
            for (int id : released) {
                writeInt(id);
            }
        }
        List<SharedArrays.Update> updates = shared.changes();
        writeInt(updates.size());
        for (SharedArrays.Update u : updates) {
            writeInt(u.id());
            writePlainArray(u.contents());
        }
        byte[] frame = toByteArray();
        shared.sent(updates);
        return frame;
    }

    /** The frame will not be sent: the ids given while writing it are taken back. */
    void abandon() {
        if (shared != null) {
            issued.forEach(shared::unshare);
        }
        issued.clear();
    }

    private void ensure(int more) {
        if (buf.remaining() >= more) {
            return;
        }
        long needed = (long) buf.position() + more;
        if (needed > Wire.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("value too large to send: more than " + (Wire.MAX_FRAME_BYTES >> 20)
                    + " MiB");
        }
        long capacity = Math.max(needed, Math.min((long) buf.capacity() * 2, Wire.MAX_FRAME_BYTES));
        ByteBuffer bigger = ByteBuffer.allocate((int) capacity);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }

    void writeByte(int b) {
        ensure(1);
        buf.put((byte) b);
    }

    void writeInt(int v) {
        ensure(4);
        buf.putInt(v);
    }

    void writeLong(long v) {
        ensure(8);
        buf.putLong(v);
    }

    void writeString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + bytes.length);
        buf.putInt(bytes.length);
        buf.put(bytes);
    }

    void writeNullableString(String s) {
        if (s == null) {
            writeInt(-1);
        } else {
            writeString(s);
        }
    }

    void writeValue(Object v, int depth) {
        if (depth > Wire.MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + Wire.MAX_DEPTH + " levels");
        }
        // if-chains, not pattern switches: see SharedArrays.sameContents
        if (v == null) {
            writeByte(Wire.T_NULL);
        } else if (v instanceof Boolean b) {
            writeByte(b ? Wire.T_TRUE : Wire.T_FALSE);
        } else if (v instanceof Integer i) {
            writeByte(Wire.T_INT);
            writeInt(i);
        } else if (v instanceof Long l) {
            writeByte(Wire.T_LONG);
            writeLong(l);
        } else if (v instanceof Float f) {
            writeByte(Wire.T_FLOAT);
            writeInt(Float.floatToRawIntBits(f));
        } else if (v instanceof Double d) {
            writeByte(Wire.T_DOUBLE);
            writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof String s) {
            writeByte(Wire.T_STRING);
            writeString(s);
        } else if (SharedArrays.isShareable(v)) {
            if (shared == null) {
                writePlainArray(v);
            } else {
                writeShared(v);
            }
        } else if (v instanceof Tensor t) {
            writeTensor(t);
        } else if (v instanceof List<?> list) {
            writeByte(Wire.T_LIST);
            writeInt(list.size());
            for (Object o : list) {
                writeValue(o, depth + 1);
            }
        } else if (v instanceof Record r && Wire.isContractClass(r.getClass())) {
            writeRecord(r, depth);
        } else if (v instanceof Enum<?> e && Wire.isContractClass(e.getDeclaringClass())) {
            writeByte(Wire.T_ENUM);
            writeString(e.getDeclaringClass().getName());
            writeString(e.name());
        } else {
            throw new IllegalArgumentException("a " + v.getClass().getName()
                    + " cannot cross the sandbox pipe (only numbers, strings, arrays, Tensor, List and the"
                    + " contract's records and enums can)");
        }
    }

    /** A view of shared data, or (with no sharing) the shape and a copy of the elements. */
    private void writeTensor(Tensor t) {
        if (shared != null) {
            writeByte(Wire.T_VIEW);
            writeShared(t.data());
            writeInt(t.offset());
            writeInt(t.rank());
            for (int size : t.shape()) {
                writeInt(size);
            }
            for (int stride : t.strides()) {
                writeInt(stride);
            }
            return;
        }
        writeByte(Wire.T_TENSOR);
        int[] shape = t.shape();
        writeInt(shape.length);
        for (int s : shape) {
            writeInt(s);
        }
        float[] data = t.toArray();
        ensure(4 * data.length);
        buf.asFloatBuffer().put(data);
        buf.position(buf.position() + 4 * data.length);
    }

    private void writeRecord(Record r, int depth) {
        writeByte(Wire.T_RECORD);
        writeString(r.getClass().getName());
        RecordComponent[] components = r.getClass().getRecordComponents();
        writeInt(components.length);
        for (RecordComponent c : components) {
            Object value;
            try {
                value = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot read " + c.getName() + " of "
                        + r.getClass().getName() + ": " + e, e);
            }
            writeValue(value, depth + 1);
        }
    }

    /** An array as its id, with its contents the first time it crosses. */
    private void writeShared(Object array) {
        Integer known = shared.idOf(array);
        if (known != null) {
            writeByte(Wire.T_SHARED_REF);
            writeInt(known);
            return;
        }
        int id = shared.share(array);
        issued.add(id);
        writeByte(Wire.T_SHARED_NEW);
        writeInt(id);
        writePlainArray(array);
    }

    /** An array as a tag, its length and its elements. */
    void writePlainArray(Object array) {
        if (array instanceof int[] a) {
            writeByte(Wire.T_INT_ARRAY);
            writeInt(a.length);
            ensure(4 * a.length);
            buf.asIntBuffer().put(a);
            buf.position(buf.position() + 4 * a.length);
        } else if (array instanceof float[] a) {
            writeByte(Wire.T_FLOAT_ARRAY);
            writeFloats(a);
        } else if (array instanceof double[] a) {
            writeByte(Wire.T_DOUBLE_ARRAY);
            writeInt(a.length);
            ensure(8 * a.length);
            buf.asDoubleBuffer().put(a);
            buf.position(buf.position() + 8 * a.length);
        } else if (array instanceof byte[] a) {
            writeByte(Wire.T_BYTE_ARRAY);
            writeInt(a.length);
            ensure(a.length);
            buf.put(a);
        } else {
            throw new IllegalArgumentException("not an array: " + array.getClass().getName());
        }
    }

    private void writeFloats(float[] a) {
        writeInt(a.length);
        ensure(4 * a.length);
        buf.asFloatBuffer().put(a);
        buf.position(buf.position() + 4 * a.length);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
