package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tensor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The codec both ends of the sandbox pipe use: length-prefixed binary frames carrying requests (grader → child) and
 * responses (child → grader) whose arguments and results are plain data. There is no Java serialization anywhere:
 * every value is one of a fixed set of types, written field by field, and every read is checked against the bytes
 * actually present, a depth limit and the schema (records are rebuilt through their canonical constructor, so the
 * contract's own validation runs on every record that crosses).
 *
 * <p>A frame is {@code int length} (big-endian) followed by {@code length} payload bytes, {@code 0 < length <=}
 * {@link #MAX_FRAME_BYTES}. The payload's first byte is its type ({@link #HELLO}, {@link #REQUEST},
 * {@link #RESPONSE}); a payload must be consumed exactly, trailing bytes are an error.
 *
 * <p>Within a session both ends pass their {@link SharedArrays}: arrays and tensor buffers then cross as shared
 * arrays (an id, with the contents the first time), tensors as views over them (buffer, offset, shape, strides), and
 * every frame ends with a sync block: the arrays released since the last request (requests only) and the contents
 * of every shared array that changed on the sender's side. Without a table (tests, tools) values cross as plain
 * copies and frames have no sync block.
 *
 * <p>This class runs inside the child JVM too, where only the JDK and the contract are on the class path: it must
 * not depend on anything else (no grader classes, no libraries).
 */
public final class Wire {

    /** Largest frame either side accepts: 64 MiB. */
    public static final int MAX_FRAME_BYTES = 64 << 20;
    /** Deepest nesting of lists and records a value may have. */
    public static final int MAX_DEPTH = 32;
    /** Most dimensions a tensor may have on the wire. */
    public static final int MAX_RANK = 16;
    /** Most parameters a method may have on the wire. */
    public static final int MAX_PARAMETERS = 64;
    /** Longest exception message or class name carried back, in characters; longer ones are cut. */
    public static final int MAX_MESSAGE_CHARS = 4096;

    /** "LLMF": first field of the child's hello frame. */
    public static final int MAGIC = 0x4C4C4D46;
    public static final int VERSION = 2;

    public static final byte HELLO = 'H';
    public static final byte REQUEST = 'Q';
    public static final byte RESPONSE = 'R';

    /** The method name of a request that creates an instance: args = [class name], handle = {@link #NO_HANDLE}. */
    public static final String NEW_INSTANCE = "<new>";
    public static final int NO_HANDLE = 0;

    /** Response kinds. */
    public static final byte VALUE = 1;
    /** The learner's code threw: exception class, its superclasses, message. */
    public static final byte EXCEPTION = 2;
    /** The harness could not do what was asked: failure kind (a {@code LearnerFailure.Kind} name) and message. */
    public static final byte FAILURE = 3;

    private static final String CONTRACT_PACKAGE = "dev.llmf.contract.";

    // value tags
    private static final byte T_NULL = 0;
    private static final byte T_FALSE = 1;
    private static final byte T_TRUE = 2;
    private static final byte T_INT = 3;
    private static final byte T_LONG = 4;
    private static final byte T_FLOAT = 5;
    private static final byte T_DOUBLE = 6;
    private static final byte T_STRING = 7;
    private static final byte T_INT_ARRAY = 8;
    private static final byte T_FLOAT_ARRAY = 9;
    private static final byte T_DOUBLE_ARRAY = 10;
    private static final byte T_BYTE_ARRAY = 11;
    private static final byte T_TENSOR = 12;
    private static final byte T_LIST = 13;
    private static final byte T_RECORD = 14;
    private static final byte T_ENUM = 15;
    /** a shared array seen for the first time: id, then the array as a plain value */
    private static final byte T_SHARED_NEW = 16;
    /** a shared array crossed before: id */
    private static final byte T_SHARED_REF = 17;
    /** a tensor as a view: its buffer (a shared array), offset, rank, shape, strides */
    private static final byte T_VIEW = 18;

    private Wire() {
    }

    /** A frame or value that breaks the protocol: bad length, unknown tag, wrong type, too deep, too large. */
    public static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        public ProtocolException(String message) {
            super(message);
        }

        public ProtocolException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One call into the child.
     *
     * @param id             strictly increasing per child, echoed in the response
     * @param handle         the instance to call ({@link #NO_HANDLE} for {@link #NEW_INSTANCE})
     * @param interfaceName  a contract interface, e.g. {@code dev.llmf.contract.TensorMath}
     * @param methodName     the method, or {@link #NEW_INSTANCE}
     * @param parameterTypes {@link Class#getName()} of each parameter ({@code [F} for {@code float[]})
     * @param args           the arguments, one per parameter type
     */
    public record Request(long id, int handle, String interfaceName, String methodName, List<String> parameterTypes,
                          List<Object> args) {
        public Request {
            Objects.requireNonNull(interfaceName);
            Objects.requireNonNull(methodName);
            parameterTypes = List.copyOf(parameterTypes);
            args = Collections.unmodifiableList(new ArrayList<>(args));
        }
    }

    /**
     * The child's answer to request {@code id}.
     *
     * @param kind      {@link #VALUE}, {@link #EXCEPTION} or {@link #FAILURE}
     * @param value     the result ({@link #VALUE}); for {@link #NEW_INSTANCE} the new handle as an Integer
     * @param className the exception class ({@link #EXCEPTION}) or failure kind ({@link #FAILURE})
     * @param message   the exception or failure message, may be null
     * @param superclasses for {@link #EXCEPTION}: the exception's superclasses, nearest first
     * @param outputMark how many bytes of learner output the child had written to stderr before answering, so the
     *                   grader can wait for them and {@code output()} shows what was printed during the call
     */
    public record Response(long id, byte kind, Object value, String className, String message,
                           List<String> superclasses, long outputMark) {
        public Response {
            superclasses = superclasses == null ? List.of() : List.copyOf(superclasses);
        }

        public static Response value(long id, Object value) {
            return new Response(id, VALUE, value, null, null, List.of(), 0);
        }

        public static Response exception(long id, String className, String message, List<String> superclasses) {
            return new Response(id, EXCEPTION, null, className, message, superclasses, 0);
        }

        public static Response failure(long id, String kind, String message) {
            return new Response(id, FAILURE, null, kind, message, List.of(), 0);
        }

        public Response withOutputMark(long mark) {
            return new Response(id, kind, value, className, message, superclasses, mark);
        }
    }

    /** The first frame a child sends once it is ready: magic, version, its pid (as the child sees it). */
    public record Hello(int version, long pid) {
    }

    // ---------------------------------------------------------------------------------------------------------
    // framing

    /** Writes one frame and flushes. */
    public static void writeFrame(DataOutputStream out, byte[] payload) throws IOException {
        if (payload.length == 0 || payload.length > MAX_FRAME_BYTES) {
            throw new ProtocolException("frame of " + payload.length + " bytes (limit " + MAX_FRAME_BYTES + ")");
        }
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /**
     * Reads one frame's payload; null on a clean end of stream before the frame starts.
     *
     * @throws ProtocolException if the length is out of range
     * @throws EOFException      if the stream ends inside a frame
     */
    public static byte[] readFrame(DataInputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int length = (b0 << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        if (length <= 0 || length > MAX_FRAME_BYTES) {
            throw new ProtocolException("frame length " + Integer.toUnsignedString(length) + " out of range (1.."
                    + MAX_FRAME_BYTES + ")");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    /** The frame type of a payload ({@link #HELLO}, {@link #REQUEST}, {@link #RESPONSE}). */
    public static byte frameType(byte[] payload) {
        return payload[0];
    }

    // ---------------------------------------------------------------------------------------------------------
    // messages

    public static byte[] encodeHello(Hello hello) {
        Encoder e = new Encoder();
        e.writeByte(HELLO);
        e.writeInt(MAGIC);
        e.writeInt(hello.version());
        e.writeLong(hello.pid());
        return e.toByteArray();
    }

    public static Hello decodeHello(byte[] payload) throws ProtocolException {
        Decoder d = new Decoder(payload);
        d.expectType(HELLO);
        if (d.readInt() != MAGIC) {
            throw new ProtocolException("hello frame without the magic number");
        }
        Hello hello = new Hello(d.readInt(), d.readLong());
        d.expectEnd();
        return hello;
    }

    public static byte[] encodeRequest(Request r) {
        return encodeRequest(r, null);
    }

    /** A request whose arrays are shared through {@code shared} (null: plain copies, no sync block). */
    public static byte[] encodeRequest(Request r, SharedArrays shared) {
        if (r.parameterTypes().size() != r.args().size() || r.args().size() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("request with " + r.parameterTypes().size() + " parameter types and "
                    + r.args().size() + " arguments");
        }
        Encoder e = new Encoder(shared);
        List<Integer> released = shared == null ? List.of() : shared.released();
        try {
            e.writeByte(REQUEST);
            e.writeLong(r.id());
            e.writeInt(r.handle());
            e.writeString(r.interfaceName());
            e.writeString(r.methodName());
            e.writeInt(r.args().size());
            for (String type : r.parameterTypes()) {
                e.writeString(type);
            }
            for (Object arg : r.args()) {
                e.writeValue(arg, 0);
            }
            return e.finish(released);
        } catch (RuntimeException failure) {
            e.abandon();
            if (shared != null) {
                shared.releaseLater(released);
            }
            throw failure;
        }
    }

    public static Request decodeRequest(byte[] payload) throws ProtocolException {
        return decodeRequest(payload, null);
    }

    /** A request whose arrays are shared through {@code shared}: applies its sync block to the table. */
    public static Request decodeRequest(byte[] payload, SharedArrays shared) throws ProtocolException {
        Decoder d = new Decoder(payload, shared);
        d.expectType(REQUEST);
        long id = d.readLong();
        int handle = d.readInt();
        String iface = d.readString();
        String method = d.readString();
        int n = d.readInt();
        if (n < 0 || n > MAX_PARAMETERS) {
            throw new ProtocolException("request with " + n + " parameters");
        }
        List<String> types = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            types.add(d.readString());
        }
        List<Object> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(d.readValue(0));
        }
        d.readSyncBlock(true);
        d.expectEnd();
        return new Request(id, handle, iface, method, types, args);
    }

    public static byte[] encodeResponse(Response r) {
        return encodeResponse(r, null);
    }

    /**
     * A response whose arrays are shared through {@code shared} (null: plain copies, no sync block); its sync block
     * carries every shared array the learner's code changed. If the value cannot be encoded nothing is shared.
     */
    public static byte[] encodeResponse(Response r, SharedArrays shared) {
        Encoder e = new Encoder(shared);
        try {
            writeResponse(e, r);
            return e.finish(null);
        } catch (RuntimeException failure) {
            e.abandon();
            throw failure;
        }
    }

    private static void writeResponse(Encoder e, Response r) {
        e.writeByte(RESPONSE);
        e.writeLong(r.id());
        e.writeLong(r.outputMark());
        e.writeByte(r.kind());
        switch (r.kind()) {
            case VALUE -> e.writeValue(r.value(), 0);
            case EXCEPTION -> {
                e.writeString(cut(r.className()));
                e.writeNullableString(cut(r.message()));
                int n = Math.min(r.superclasses().size(), MAX_DEPTH);
                e.writeInt(n);
                for (int i = 0; i < n; i++) {
                    e.writeString(cut(r.superclasses().get(i)));
                }
            }
            case FAILURE -> {
                e.writeString(cut(r.className()));
                e.writeNullableString(cut(r.message()));
            }
            default -> throw new IllegalArgumentException("response kind " + r.kind());
        }
    }

    public static Response decodeResponse(byte[] payload) throws ProtocolException {
        return decodeResponse(payload, null);
    }

    /** A response whose arrays are shared through {@code shared}: writes the child's changes into the arrays. */
    public static Response decodeResponse(byte[] payload, SharedArrays shared) throws ProtocolException {
        Decoder d = new Decoder(payload, shared);
        d.expectType(RESPONSE);
        long id = d.readLong();
        long mark = d.readLong();
        byte kind = d.readByte();
        Response r;
        switch (kind) {
            case VALUE -> r = Response.value(id, d.readValue(0));
            case EXCEPTION -> {
                String cls = d.readBoundedString();
                String msg = d.readNullableBoundedString();
                int n = d.readInt();
                if (n < 0 || n > MAX_DEPTH) {
                    throw new ProtocolException("exception with " + n + " superclasses");
                }
                List<String> supers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    supers.add(d.readBoundedString());
                }
                r = Response.exception(id, cls, msg, supers);
            }
            case FAILURE -> r = Response.failure(id, d.readBoundedString(), d.readNullableBoundedString());
            default -> throw new ProtocolException("unknown response kind " + kind);
        }
        d.readSyncBlock(false);
        d.expectEnd();
        return r.withOutputMark(mark);
    }

    /** Cuts {@code s} to {@link #MAX_MESSAGE_CHARS}. */
    public static String cut(String s) {
        if (s == null || s.length() <= MAX_MESSAGE_CHARS) {
            return s;
        }
        return s.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
    }

    // ---------------------------------------------------------------------------------------------------------
    // contract types

    /** True when {@code c} is a class of the contract package loaded from the same place as {@link Tensor}. */
    static boolean isContractClass(Class<?> c) {
        if (!c.getName().startsWith(CONTRACT_PACKAGE) || c.getPackage() != Tensor.class.getPackage()) {
            return false;
        }
        if (c.getClassLoader() != Tensor.class.getClassLoader()) {
            return false;
        }
        // a learner's class path may add classes to the contract package: accept only the contract's own code source
        URL mine = location(Tensor.class);
        URL theirs = location(c);
        return mine == null || mine.equals(theirs);
    }

    private static URL location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }

    /** Loads a contract class by name without initializing it; null if it is not one. */
    static Class<?> contractClass(String name) {
        if (name == null || !name.startsWith(CONTRACT_PACKAGE)) {
            return null;
        }
        try {
            Class<?> c = Class.forName(name, false, Tensor.class.getClassLoader());
            return isContractClass(c) ? c : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** True when {@code value} may stand where a {@code type} is expected (boxing primitives; null for objects). */
    public static boolean fits(Class<?> type, Object value) {
        if (type == void.class) {
            return value == null;
        }
        if (!type.isPrimitive()) {
            return value == null || type.isInstance(value);
        }
        return value != null && boxed(type).isInstance(value);
    }

    static Class<?> boxed(Class<?> primitive) {
        if (primitive == int.class) {
            return Integer.class;
        } else if (primitive == long.class) {
            return Long.class;
        } else if (primitive == float.class) {
            return Float.class;
        } else if (primitive == double.class) {
            return Double.class;
        } else if (primitive == boolean.class) {
            return Boolean.class;
        } else if (primitive == byte.class) {
            return Byte.class;
        } else if (primitive == short.class) {
            return Short.class;
        } else if (primitive == char.class) {
            return Character.class;
        }
        return primitive;
    }

    // ---------------------------------------------------------------------------------------------------------
    // encoder

    /** Writes values into a growing buffer; refuses anything that is not a wire type. */
    static final class Encoder {
        private final SharedArrays shared;
        private final List<Integer> issued = new ArrayList<>();
        private ByteBuffer buf = ByteBuffer.allocate(256);

        Encoder() {
            this(null);
        }

        Encoder(SharedArrays shared) {
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
            if (needed > MAX_FRAME_BYTES) {
                throw new IllegalArgumentException("value too large to send: more than " + (MAX_FRAME_BYTES >> 20)
                        + " MiB");
            }
            long capacity = Math.max(needed, Math.min((long) buf.capacity() * 2, MAX_FRAME_BYTES));
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
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels");
            }
            switch (v) {
                case null -> writeByte(T_NULL);
                case Boolean b -> writeByte(b ? T_TRUE : T_FALSE);
                case Integer i -> {
                    writeByte(T_INT);
                    writeInt(i);
                }
                case Long l -> {
                    writeByte(T_LONG);
                    writeLong(l);
                }
                case Float f -> {
                    writeByte(T_FLOAT);
                    writeInt(Float.floatToRawIntBits(f));
                }
                case Double d -> {
                    writeByte(T_DOUBLE);
                    writeLong(Double.doubleToRawLongBits(d));
                }
                case String s -> {
                    writeByte(T_STRING);
                    writeString(s);
                }
                case Object a when SharedArrays.isShareable(a) -> {
                    if (shared == null) {
                        writePlainArray(a);
                    } else {
                        writeShared(a);
                    }
                }
                case Tensor t when shared != null -> {
                    writeByte(T_VIEW);
                    writeShared(t.data());
                    writeInt(t.offset());
                    writeInt(t.rank());
                    for (int size : t.shape()) {
                        writeInt(size);
                    }
                    for (int stride : t.strides()) {
                        writeInt(stride);
                    }
                }
                case Tensor t -> {
                    writeByte(T_TENSOR);
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
                case List<?> list -> {
                    writeByte(T_LIST);
                    writeInt(list.size());
                    for (Object o : list) {
                        writeValue(o, depth + 1);
                    }
                }
                case Record r when isContractClass(r.getClass()) -> {
                    writeByte(T_RECORD);
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
                case Enum<?> e when isContractClass(e.getDeclaringClass()) -> {
                    writeByte(T_ENUM);
                    writeString(e.getDeclaringClass().getName());
                    writeString(e.name());
                }
                default -> throw new IllegalArgumentException("a " + v.getClass().getName()
                        + " cannot cross the sandbox pipe (only numbers, strings, arrays, Tensor, List and the"
                        + " contract's records and enums can)");
            }
        }

        /** An array as its id, with its contents the first time it crosses. */
        private void writeShared(Object array) {
            Integer known = shared.idOf(array);
            if (known != null) {
                writeByte(T_SHARED_REF);
                writeInt(known);
                return;
            }
            int id = shared.share(array);
            issued.add(id);
            writeByte(T_SHARED_NEW);
            writeInt(id);
            writePlainArray(array);
        }

        /** An array as a tag, its length and its elements. */
        void writePlainArray(Object array) {
            switch (array) {
                case int[] a -> {
                    writeByte(T_INT_ARRAY);
                    writeInt(a.length);
                    ensure(4 * a.length);
                    buf.asIntBuffer().put(a);
                    buf.position(buf.position() + 4 * a.length);
                }
                case float[] a -> {
                    writeByte(T_FLOAT_ARRAY);
                    writeFloats(a);
                }
                case double[] a -> {
                    writeByte(T_DOUBLE_ARRAY);
                    writeInt(a.length);
                    ensure(8 * a.length);
                    buf.asDoubleBuffer().put(a);
                    buf.position(buf.position() + 8 * a.length);
                }
                case byte[] a -> {
                    writeByte(T_BYTE_ARRAY);
                    writeInt(a.length);
                    ensure(a.length);
                    buf.put(a);
                }
                default -> throw new IllegalArgumentException("not an array: " + array.getClass().getName());
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

    // ---------------------------------------------------------------------------------------------------------
    // decoder

    /** Reads values from one payload, checking every length against the bytes left. */
    static final class Decoder {
        private final ByteBuffer buf;
        private final SharedArrays shared;

        Decoder(byte[] payload) {
            this(payload, null);
        }

        Decoder(byte[] payload, SharedArrays shared) {
            this.buf = ByteBuffer.wrap(payload);
            this.shared = shared;
        }

        /** With a table: the releases (requests only) and the changed contents that end the frame. */
        void readSyncBlock(boolean withReleases) throws ProtocolException {
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

        private void need(long bytes, String what) throws ProtocolException {
            if (bytes < 0 || bytes > buf.remaining()) {
                throw new ProtocolException(what + " needs " + bytes + " bytes but the frame has " + buf.remaining()
                        + " left");
            }
        }

        void expectType(byte type) throws ProtocolException {
            need(1, "frame type");
            byte actual = buf.get();
            if (actual != type) {
                throw new ProtocolException("expected a frame of type '" + (char) type + "' but got type " + actual);
            }
        }

        void expectEnd() throws ProtocolException {
            if (buf.hasRemaining()) {
                throw new ProtocolException(buf.remaining() + " unexpected bytes at the end of the frame");
            }
        }

        byte readByte() throws ProtocolException {
            need(1, "byte");
            return buf.get();
        }

        int readInt() throws ProtocolException {
            need(4, "int");
            return buf.getInt();
        }

        long readLong() throws ProtocolException {
            need(8, "long");
            return buf.getLong();
        }

        private int readLength(int elementBytes, String what) throws ProtocolException {
            int n = readInt();
            if (n < 0) {
                throw new ProtocolException(what + " of negative length " + n);
            }
            need((long) n * elementBytes, what + " of length " + n);
            return n;
        }

        String readString() throws ProtocolException {
            int n = readLength(1, "string");
            byte[] bytes = new byte[n];
            buf.get(bytes);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new ProtocolException("string that is not valid UTF-8");
            }
        }

        String readBoundedString() throws ProtocolException {
            String s = readString();
            if (s.length() > MAX_MESSAGE_CHARS) {
                throw new ProtocolException("string of " + s.length() + " characters where at most "
                        + MAX_MESSAGE_CHARS + " are allowed");
            }
            return s;
        }

        String readNullableBoundedString() throws ProtocolException {
            int mark = buf.position();
            if (readInt() == -1) {
                return null;
            }
            buf.position(mark);
            return readBoundedString();
        }

        Object readValue(int depth) throws ProtocolException {
            if (depth > MAX_DEPTH) {
                throw new ProtocolException("value nested deeper than " + MAX_DEPTH + " levels");
            }
            byte tag = readByte();
            switch (tag) {
                case T_NULL:
                    return null;
                case T_FALSE:
                    return Boolean.FALSE;
                case T_TRUE:
                    return Boolean.TRUE;
                case T_INT:
                    return readInt();
                case T_LONG:
                    return readLong();
                case T_FLOAT:
                    return Float.intBitsToFloat(readInt());
                case T_DOUBLE:
                    return Double.longBitsToDouble(readLong());
                case T_STRING:
                    return readString();
                case T_INT_ARRAY, T_FLOAT_ARRAY, T_DOUBLE_ARRAY, T_BYTE_ARRAY:
                    return readArray(tag);
                case T_SHARED_NEW, T_SHARED_REF:
                    return readShared(tag);
                case T_VIEW:
                    return readView();
                case T_TENSOR:
                    return readTensor();
                case T_LIST: {
                    // every element takes at least one byte: the length is bounded by the bytes left
                    int n = readLength(1, "list");
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(readValue(depth + 1));
                    }
                    return Collections.unmodifiableList(list);
                }
                case T_RECORD:
                    return readRecord(depth);
                case T_ENUM:
                    return readEnum();
                default:
                    throw new ProtocolException("unknown value tag " + tag);
            }
        }

        private Object readPlainArray() throws ProtocolException {
            byte tag = readByte();
            if (tag != T_INT_ARRAY && tag != T_FLOAT_ARRAY && tag != T_DOUBLE_ARRAY && tag != T_BYTE_ARRAY) {
                throw new ProtocolException("expected an array but got value tag " + tag);
            }
            return readArray(tag);
        }

        private Object readArray(byte tag) throws ProtocolException {
            switch (tag) {
                case T_INT_ARRAY: {
                    int[] a = new int[readLength(4, "int[]")];
                    buf.asIntBuffer().get(a);
                    buf.position(buf.position() + 4 * a.length);
                    return a;
                }
                case T_FLOAT_ARRAY:
                    return readFloats(readLength(4, "float[]"));
                case T_DOUBLE_ARRAY: {
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

        private Object readShared(byte tag) throws ProtocolException {
            if (shared == null) {
                throw new ProtocolException("a shared array outside a session");
            }
            int id = readInt();
            if (tag == T_SHARED_REF) {
                return shared.resolve(id);
            }
            Object array = readPlainArray();
            shared.adopt(id, array);
            return array;
        }

        /** A tensor view: its buffer must hold every element the offset, shape and strides reach. */
        private Tensor readView() throws ProtocolException {
            byte tag = readByte();
            if (tag != T_SHARED_NEW && tag != T_SHARED_REF || !(readShared(tag) instanceof float[] data)) {
                throw new ProtocolException("a tensor view whose buffer is not a shared float[]");
            }
            int offset = readInt();
            int rank = readInt();
            if (rank < 1 || rank > MAX_RANK) {
                throw new ProtocolException("tensor of rank " + rank + " (1.." + MAX_RANK + " allowed)");
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
                    throw new ProtocolException("tensor view with shape " + Arrays.toString(shape) + " and strides "
                            + Arrays.toString(strides) + ": negative sizes and strides are not allowed");
                }
                numel *= shape[d];
                last += (long) Math.max(shape[d] - 1, 0) * strides[d];
            }
            boolean fits = offset >= 0 && (numel == 0 ? offset <= data.length : last < data.length);
            if (!fits || numel > MAX_FRAME_BYTES) {
                throw new ProtocolException("tensor view (offset " + offset + ", shape " + Arrays.toString(shape)
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

        private Tensor readTensor() throws ProtocolException {
            int rank = readInt();
            if (rank < 1 || rank > MAX_RANK) {
                throw new ProtocolException("tensor of rank " + rank + " (1.." + MAX_RANK + " allowed)");
            }
            int[] shape = new int[rank];
            long numel = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = readInt();
                if (shape[d] < 0) {
                    throw new ProtocolException("tensor shape " + Arrays.toString(shape) + " has a negative size");
                }
                numel *= shape[d];
                if (numel > MAX_FRAME_BYTES) {
                    throw new ProtocolException("tensor shape too large");
                }
            }
            need(numel * 4, "tensor data of " + numel + " floats");
            try {
                return Tensor.of(readFloats((int) numel), shape);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("invalid tensor: " + e.getMessage());
            }
        }

        private Object readEnum() throws ProtocolException {
            String className = readString();
            String name = readString();
            Class<?> c = contractClass(className);
            if (c == null || !c.isEnum()) {
                throw new ProtocolException(className + " is not an enum of the contract");
            }
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            throw new ProtocolException(className + " has no constant " + name);
        }

        private Object readRecord(int depth) throws ProtocolException {
            String className = readString();
            Class<?> c = contractClass(className);
            if (c == null || !c.isRecord() || !Modifier.isPublic(c.getModifiers())) {
                throw new ProtocolException(className + " is not a public record of the contract");
            }
            RecordComponent[] components = c.getRecordComponents();
            int n = readInt();
            if (n != components.length) {
                throw new ProtocolException(className + " has " + components.length + " components but the frame has "
                        + n);
            }
            Class<?>[] types = new Class<?>[n];
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                types[i] = components[i].getType();
                values[i] = readValue(depth + 1);
                if (!fits(types[i], values[i])) {
                    throw new ProtocolException(className + "." + components[i].getName() + " must be a "
                            + types[i].getTypeName() + " but the frame has "
                            + (values[i] == null ? "null" : values[i].getClass().getTypeName()));
                }
                checkListElements(className, components[i], values[i]);
            }
            try {
                Constructor<?> canonical = c.getDeclaredConstructor(types);
                if (!Modifier.isPublic(canonical.getModifiers())) {
                    throw new ProtocolException(className + " has no public canonical constructor");
                }
                return canonical.newInstance(values);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new ProtocolException("invalid " + className + ": " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ProtocolException("cannot build " + className + ": " + e, e);
            }
        }

        private static void checkListElements(String className, RecordComponent component, Object value)
                throws ProtocolException {
            if (!(value instanceof List<?> list)) {
                return;
            }
            Type generic = component.getGenericType();
            if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                    && p.getActualTypeArguments()[0] instanceof Class<?> element) {
                for (Object o : list) {
                    if (o != null && !element.isInstance(o)) {
                        throw new ProtocolException(className + "." + component.getName() + " must hold "
                                + element.getTypeName() + " but holds a " + o.getClass().getTypeName());
                    }
                }
            }
        }
    }
}
