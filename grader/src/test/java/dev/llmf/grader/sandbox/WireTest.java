package dev.llmf.grader.sandbox;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.Tokenizer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec: every wire type round-trips; every malformed frame is refused with a ProtocolException. */
class WireTest {

    private static Object roundTrip(Object value) throws IOException {
        Wire.Response back = Wire.decodeResponse(Wire.encodeResponse(Wire.Response.value(7, value)));
        assertEquals(7, back.id());
        assertEquals(Wire.VALUE, back.kind());
        return back.value();
    }

    @Test
    void scalarsStringsAndArraysRoundTrip() throws IOException {
        assertNull(roundTrip(null));
        assertEquals(true, roundTrip(true));
        assertEquals(false, roundTrip(false));
        assertEquals(-5, roundTrip(-5));
        assertEquals(Long.MIN_VALUE, roundTrip(Long.MIN_VALUE));
        assertEquals(Float.NEGATIVE_INFINITY, roundTrip(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN((Float) roundTrip(Float.NaN)));
        assertEquals(Math.PI, roundTrip(Math.PI));
        assertEquals("héllo ✓ 𝄞", roundTrip("héllo ✓ 𝄞"));
        assertArrayEquals(new int[] {1, -2, 3}, (int[]) roundTrip(new int[] {1, -2, 3}));
        assertArrayEquals(new float[] {1.5f, -0f}, (float[]) roundTrip(new float[] {1.5f, -0f}));
        assertArrayEquals(new double[] {1e300, 2}, (double[]) roundTrip(new double[] {1e300, 2}));
        assertArrayEquals(new byte[] {0, -1, 127}, (byte[]) roundTrip(new byte[] {0, -1, 127}));
        assertArrayEquals(new int[0], (int[]) roundTrip(new int[0]));
    }

    @Test
    void tensorsTravelAsShapeAndRowMajorValues() throws IOException {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1);   // a non-contiguous view
        Tensor back = (Tensor) roundTrip(t);
        assertArrayEquals(new int[] {3, 2}, back.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, back.toArray());
        assertArrayEquals(new int[] {0, 4}, ((Tensor) roundTrip(Tensor.zeros(0, 4))).shape());
    }

    @Test
    void listsRecordsAndEnumsOfTheContractRoundTrip() throws IOException {
        List<Tokenizer.Merge> merges = List.of(new Tokenizer.Merge(108, 111, 256), new Tokenizer.Merge(256, 119, 257));
        Object back = roundTrip(merges);
        assertEquals(merges, back);
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) back).clear());

        LanguageModel.Config config = new LanguageModel.Config(16, 8, 8, 2, 2, LanguageModel.Positional.LEARNED);
        LanguageModel.Weights weights = LanguageModel.Weights.random(config, 42);
        LanguageModel.Weights w = (LanguageModel.Weights) roundTrip(weights);
        assertEquals(config, w.config());
        assertEquals(2, w.blocks().size());
        assertArrayEquals(weights.blocks().get(1).attention().wo().toArray(), w.blocks().get(1).attention().wo().toArray());
        assertArrayEquals(weights.positionTable().toArray(), w.positionTable().toArray());

        assertEquals(new Sampler.Config(0.7, 5, 0.9), roundTrip(new Sampler.Config(0.7, 5, 0.9)));
        assertEquals(LanguageModel.Positional.ROPE, roundTrip(LanguageModel.Positional.ROPE));
        Attention.Output out = (Attention.Output) roundTrip(new Attention.Output(Tensor.vector(1, 2), null));
        assertNull(out.weights());
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add("x");
        assertEquals(withNull, roundTrip(withNull));
    }

    @Test
    void requestsAndExceptionsRoundTrip() throws IOException {
        Wire.Request r = new Wire.Request(3, 2, "dev.llmf.contract.TensorMath", "add",
                List.of("dev.llmf.contract.Tensor", "dev.llmf.contract.Tensor"),
                List.of(Tensor.vector(1), Tensor.vector(2)));
        Wire.Request back = Wire.decodeRequest(Wire.encodeRequest(r));
        assertEquals(3, back.id());
        assertEquals(2, back.handle());
        assertEquals("add", back.methodName());
        assertEquals(r.parameterTypes(), back.parameterTypes());
        assertArrayEquals(new float[] {2}, ((Tensor) back.args().get(1)).toArray());

        Wire.Response e = Wire.decodeResponse(Wire.encodeResponse(Wire.Response.exception(9, "x.Boom", null,
                List.of("java.lang.RuntimeException")).withOutputMark(12345)));
        assertEquals(12345, e.outputMark());
        assertEquals(Wire.EXCEPTION, e.kind());
        assertEquals("x.Boom", e.className());
        assertNull(e.message());
        assertEquals(List.of("java.lang.RuntimeException"), e.superclasses());

        String huge = "m".repeat(100_000);
        Wire.Response cut = Wire.decodeResponse(Wire.encodeResponse(Wire.Response.failure(1, "EXCEPTION", huge)));
        assertEquals(Wire.MAX_MESSAGE_CHARS, cut.message().length());
    }

    @Test
    void theEncoderRefusesWhatIsNotAWireType() {
        assertThrows(IllegalArgumentException.class, () -> Wire.encodeResponse(Wire.Response.value(1, new Object())));
        assertThrows(IllegalArgumentException.class, () -> Wire.encodeResponse(Wire.Response.value(1, Map.of())));
        assertThrows(IllegalArgumentException.class,
                () -> Wire.encodeResponse(Wire.Response.value(1, new Wire.Hello(1, 2))));   // a record, not the contract's
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> Wire.encodeResponse(Wire.Response.value(1, cycle)));
        assertThrows(IllegalArgumentException.class,
                () -> Wire.encodeResponse(Wire.Response.value(1, new float[Wire.MAX_FRAME_BYTES / 4 + 1])));
    }

    // ---- hostile frames ----

    private static byte[] response(java.util.function.Consumer<ByteBuffer> body) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        b.put(Wire.RESPONSE).putLong(1).putLong(0).put(Wire.VALUE);
        body.accept(b);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        b.putInt(bytes.length).put(bytes);
    }

    @Test
    void framesAreSizeChecked() throws IOException {
        byte[] over = ByteBuffer.allocate(4).putInt(Wire.MAX_FRAME_BYTES + 1).array();
        assertThrows(Wire.ProtocolException.class, () -> Wire.readFrame(new DataInputStream(new ByteArrayInputStream(over))));
        byte[] negative = ByteBuffer.allocate(4).putInt(-1).array();
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.readFrame(new DataInputStream(new ByteArrayInputStream(negative))));
        byte[] zero = ByteBuffer.allocate(4).putInt(0).array();
        assertThrows(Wire.ProtocolException.class, () -> Wire.readFrame(new DataInputStream(new ByteArrayInputStream(zero))));
        byte[] shortFrame = ByteBuffer.allocate(6).putInt(100).put((byte) 'R').put((byte) 0).array();
        assertThrows(EOFException.class, () -> Wire.readFrame(new DataInputStream(new ByteArrayInputStream(shortFrame))));
        assertNull(Wire.readFrame(new DataInputStream(new ByteArrayInputStream(new byte[0]))));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Wire.writeFrame(new DataOutputStream(bytes), Wire.encodeHello(new Wire.Hello(Wire.VERSION, 42)));
        byte[] frame = Wire.readFrame(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(42, Wire.decodeHello(frame).pid());
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(frame));   // a hello is not a response
    }

    @Test
    void lengthsBeyondTheFrameAreRefused() {
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.decodeResponse(response(b -> b.put((byte) 9).putInt(Integer.MAX_VALUE))));   // float[]
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.decodeResponse(response(b -> b.put((byte) 8).putInt(-3))));                 // int[]
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.decodeResponse(response(b -> b.put((byte) 13).putInt(1_000_000))));         // list
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.decodeResponse(response(b -> b.put((byte) 7).putInt(10).put((byte) 'a'))));   // string
        assertThrows(Wire.ProtocolException.class,                                                     // tensor
                () -> Wire.decodeResponse(response(b -> b.put((byte) 12).putInt(2).putInt(65536).putInt(65536))));
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.decodeResponse(response(b -> b.put((byte) 12).putInt(0))));                  // rank 0
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.decodeResponse(response(b -> b.put((byte) 99))));                            // unknown tag
        assertThrows(Wire.ProtocolException.class,
                () -> Wire.decodeResponse(response(b -> b.put((byte) 3).putInt(1).put((byte) 0))));    // trailing byte
        assertThrows(Wire.ProtocolException.class,                                                     // bad UTF-8
                () -> Wire.decodeResponse(response(b -> b.put((byte) 7).putInt(2).put((byte) 0xC3).put((byte) 0x28))));
    }

    @Test
    void nestingIsLimited() {
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> {
            for (int i = 0; i < Wire.MAX_DEPTH + 2; i++) {
                b.put((byte) 13).putInt(1);
            }
            b.put((byte) 0);
        })));
    }

    @Test
    void onlyRecordsAndEnumsOfTheContractAreBuilt() {
        // a record outside the contract
        Wire.ProtocolException e = assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> {
            b.put((byte) 14);
            putString(b, "dev.llmf.grader.sandbox.Wire$Hello");
            b.putInt(0);
        })));
        assertTrue(e.getMessage().contains("not a public record of the contract"), e.getMessage());
        // a JDK class
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> {
            b.put((byte) 14);
            putString(b, "java.lang.ProcessBuilder");
            b.putInt(0);
        })));
        // a contract class that is not a record
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> {
            b.put((byte) 14);
            putString(b, "dev.llmf.contract.Tensor");
            b.putInt(0);
        })));
        // a contract record with a component of the wrong type
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> {
            b.put((byte) 14);
            putString(b, "dev.llmf.contract.Tokenizer$Merge");
            b.putInt(3);
            b.put((byte) 3).putInt(1);
            b.put((byte) 7);
            putString(b, "two");
            b.put((byte) 3).putInt(3);
        })));
        // a contract record whose canonical constructor refuses the values: the contract's validation runs
        Wire.ProtocolException invalid = assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> {
            b.put((byte) 14);
            putString(b, "dev.llmf.contract.Attention$Options");
            b.putInt(3);
            b.put((byte) 3).putInt(0);
            b.put((byte) 2);
            b.put((byte) 1);
        })));
        assertTrue(invalid.getMessage().contains("heads"), invalid.getMessage());
        // an enum constant that does not exist
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> {
            b.put((byte) 15);
            putString(b, "dev.llmf.contract.LanguageModel$Positional");
            putString(b, "ALIBI");
        })));
        // a list component holding the wrong element type (the record's constructor alone would accept it)
        LanguageModel.Config config = new LanguageModel.Config(4, 2, 2, 1, 1, LanguageModel.Positional.SINUSOIDAL);
        Wire.ProtocolException wrongElement = assertThrows(Wire.ProtocolException.class,
                () -> Wire.decodeResponse(response(b -> {
                    b.put((byte) 14);
                    putString(b, "dev.llmf.contract.LanguageModel$Weights");
                    b.putInt(6);
                    for (Object v : new Object[] {config, Tensor.zeros(4, 2), null, List.of(5), Tensor.zeros(2),
                            Tensor.zeros(2)}) {
                        b.put(encoded(v));
                    }
                })));
        assertTrue(wrongElement.getMessage().contains("must hold"), wrongElement.getMessage());
    }

    /** One value as the encoder writes it (a response frame without its 18-byte header). */
    private static byte[] encoded(Object value) {
        byte[] frame = Wire.encodeResponse(Wire.Response.value(0, value));
        return Arrays.copyOfRange(frame, 18, frame.length);
    }

    @Test
    void valueChecksMatchJavaAssignability() {
        assertTrue(Wire.fits(int.class, 3));
        assertTrue(Wire.fits(void.class, null));
        assertTrue(Wire.fits(Tensor.class, null));
        assertTrue(!Wire.fits(int.class, null));
        assertTrue(!Wire.fits(int.class, 3L));
        assertTrue(!Wire.fits(Tensor.class, "x"));
        assertInstanceOf(Integer.class, Wire.boxed(int.class).cast(1));
    }
}
