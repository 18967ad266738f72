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
    /**
     * The method name of the first request a child gets: the learner's classes, args = [a jar as {@code byte[]}],
     * handle = {@link #NO_HANDLE}, interface name empty. A child starts without them, so it can start before the
     * submission is compiled; it takes them once, before any other request.
     */
    public static final String LOAD_CLASSES = "<classes>";
    public static final int NO_HANDLE = 0;

    /** Response kinds. */
    public static final byte VALUE = 1;
    /** The learner's code threw: exception class, its superclasses, message. */
    public static final byte EXCEPTION = 2;
    /** The harness could not do what was asked: failure kind (a {@code LearnerFailure.Kind} name) and message. */
    public static final byte FAILURE = 3;

    private static final String CONTRACT_PACKAGE = "dev.llmf.contract.";

    // value tags
    static final byte T_NULL = 0;
    static final byte T_FALSE = 1;
    static final byte T_TRUE = 2;
    static final byte T_INT = 3;
    static final byte T_LONG = 4;
    static final byte T_FLOAT = 5;
    static final byte T_DOUBLE = 6;
    static final byte T_STRING = 7;
    static final byte T_INT_ARRAY = 8;
    static final byte T_FLOAT_ARRAY = 9;
    static final byte T_DOUBLE_ARRAY = 10;
    static final byte T_BYTE_ARRAY = 11;
    static final byte T_TENSOR = 12;
    static final byte T_LIST = 13;
    static final byte T_RECORD = 14;
    static final byte T_ENUM = 15;
    /** a shared array seen for the first time: id, then the array as a plain value */
    static final byte T_SHARED_NEW = 16;
    /** a shared array crossed before: id */
    static final byte T_SHARED_REF = 17;
    /** a tensor as a view: its buffer (a shared array), offset, rank, shape, strides */
    static final byte T_VIEW = 18;

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
        WireEncoder e = new WireEncoder();
        e.writeByte(HELLO);
        e.writeInt(MAGIC);
        e.writeInt(hello.version());
        e.writeLong(hello.pid());
        return e.toByteArray();
    }

    public static Hello decodeHello(byte[] payload) throws ProtocolException {
        WireDecoder d = new WireDecoder(payload);
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
        WireEncoder e = new WireEncoder(shared);
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
        WireDecoder d = new WireDecoder(payload, shared);
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
        WireEncoder e = new WireEncoder(shared);
        try {
            writeResponse(e, r);
            return e.finish(null);
        } catch (RuntimeException failure) {
            e.abandon();
            throw failure;
        }
    }

    private static void writeResponse(WireEncoder e, Response r) {
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
        WireDecoder d = new WireDecoder(payload, shared);
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

}
