package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The codec with both ends' {@link SharedArrays}, without a process: views arrive as the same views, one buffer
 * stays one buffer, writes on either end reach the other, and a forged frame cannot reach outside what was shared.
 */
class SharedArraysTest {

    private final SharedArrays grader = new SharedArrays(SharedArrays.Side.GRADER);
    private final SharedArrays child = new SharedArrays(SharedArrays.Side.CHILD);
    private long nextId = 1;

    /** Sends {@code args} to the child end and returns them as the child sees them. */
    private List<Object> toChild(Object... args) throws Wire.ProtocolException {
        List<String> types = Arrays.stream(args).map(a -> a.getClass().getName()).toList();
        Wire.Request request = new Wire.Request(nextId++, 1, "dev.llmf.contract.TensorMath", "m", types,
                Arrays.asList(args));
        return Wire.decodeRequest(Wire.encodeRequest(request, grader), child).args();
    }

    /** Sends {@code value} back to the grader end, with whatever the child changed. */
    private Object toGrader(Object value) throws Wire.ProtocolException {
        byte[] frame = Wire.encodeResponse(Wire.Response.value(nextId, value), child);
        return Wire.decodeResponse(frame, grader).value();
    }

    @Test
    void aViewArrivesWithItsBufferOffsetAndStrides() throws Exception {
        Tensor base = Tensor.of(new float[] {9, 1, 2, 3, 4, 5, 6, 7, 8}, 9);
        Tensor view = base.rows(1, 9).reshape(2, 4).transpose(0, 1);         // [4, 2], strides [1, 4], offset 1

        Tensor seen = (Tensor) toChild(view).getFirst();

        assertArrayEquals(view.shape(), seen.shape());
        assertArrayEquals(view.strides(), seen.strides());
        assertEquals(1, seen.offset());
        assertArrayEquals(base.data(), seen.data(), "the whole buffer crosses, the spare element too");
        assertFalse(seen.isContiguous());
        assertArrayEquals(view.toArray(), seen.toArray());
    }

    @Test
    void twoViewsOfOneBufferShareOneBufferInTheChild() throws Exception {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

        List<Object> seen = toChild(x, x.transpose(0, 1), x.row(1));

        float[] buffer = ((Tensor) seen.get(0)).data();
        assertSame(buffer, ((Tensor) seen.get(1)).data());
        assertSame(buffer, ((Tensor) seen.get(2)).data());
        assertSame(buffer, ((Tensor) toChild(x).getFirst()).data(), "a later call gets the same buffer again");
    }

    @Test
    void theChildsWritesIntoAnInputReachTheGradersArray() throws Exception {
        float[] logits = {2, 1, 0.5f, 0};
        Tensor x = Tensor.of(logits, 4);
        Tensor seen = (Tensor) toChild(x).getFirst();
        seen.set(-7f, 2);                                    // learner code writes into its input

        toGrader(null);

        assertEquals(-7f, logits[2], "the grader's own array now holds the learner's write");
        assertEquals(-7f, x.get(2));
    }

    @Test
    void aResultOverAnInputsBufferIsTheGradersOwnBuffer() throws Exception {
        Tensor table = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor seen = (Tensor) toChild(table).getFirst();

        Tensor row = (Tensor) toGrader(seen.rows(1, 3));          // learner returns a view of the table

        assertSame(table.data(), row.data(), "the result shares the table's buffer, as it would in-process");
        assertEquals(2, row.offset());
        assertArrayEquals(new float[] {3, 4, 5, 6}, row.toArray());
        Tensor transposed = (Tensor) toGrader(seen.transpose(0, 1));
        assertFalse(transposed.isContiguous(), "a strided result stays strided: its layout is the learner's");
    }

    @Test
    void anArrayTheChildHandsOutTwiceIsOneArrayAndTheGradersWritesReachIt() throws Exception {
        byte[] kept = {108, 111, 119};                       // e.g. a tokenizer's internal bytes of a token
        byte[] first = (byte[]) toGrader(kept);
        byte[] second = (byte[]) toGrader(kept);
        assertSame(first, second);

        first[0] = 0;                                        // the grader writes into what it was handed
        toChild();                                           // the next call carries the write

        assertEquals(0, kept[0], "the learner's own array changed, as it would in-process");
    }

    @Test
    void newArraysOfAFrameThatIsNeverSentAreNotShared() {
        float[] fine = {1, 2};
        Tensor tooLarge = Tensor.zeros(Wire.MAX_FRAME_BYTES / 4 + 8);

        assertThrows(IllegalArgumentException.class, () -> toChild(fine, tooLarge));

        assertEquals(0, grader.size(), "neither array is taken for shared: the child never heard of them");
    }

    @Test
    void theChildCannotReachOutsideWhatWasShared() throws Exception {
        toChild(new float[] {1, 2, 3});                      // grader id 1, a float[3]
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> b
                .put((byte) 17).putInt(99).putInt(0)), grader), "an unknown id");
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> b
                .put((byte) 16).putInt(5).put((byte) 9).putInt(0).putInt(0)), grader), "a new id of the grader's sign");
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> b
                .put((byte) 0).putInt(1).putInt(1).put((byte) 9).putInt(4).putFloat(0).putFloat(0).putFloat(0)
                .putFloat(0)), grader), "an update that changes the length");
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> b
                .put((byte) 18).put((byte) 17).putInt(1).putInt(2).putInt(1).putInt(2).putInt(1).putInt(0)), grader),
                "a view past the end of its buffer");
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> b
                .put((byte) 18).put((byte) 17).putInt(1).putInt(0).putInt(1).putInt(2).putInt(-1).putInt(0)), grader),
                "a negative stride");
        assertThrows(Wire.ProtocolException.class, () -> Wire.decodeResponse(response(b -> b
                .put((byte) 17).putInt(1).putInt(0)), null), "a shared array outside a session");
    }

    @Test
    void aForgedResponseCanWriteOnlyWhatLearnerCodeCouldHaveWritten() throws Exception {
        float[] input = {1, 2, 3};
        toChild(Tensor.of(input, 3));
        Wire.decodeResponse(response(b -> b.put((byte) 0).putInt(1).putInt(1).put((byte) 9).putInt(3)
                .putFloat(5).putFloat(6).putFloat(7)), grader);
        assertArrayEquals(new float[] {5, 6, 7}, input, "the child may change an array it was given, nothing else");
        assertTrue(grader.changes().isEmpty(), "and that is now the agreed contents");
    }

    /** A VALUE response frame for request 1: the header, then {@code body} (a value and the sync block). */
    private static byte[] response(java.util.function.Consumer<ByteBuffer> body) {
        ByteBuffer b = ByteBuffer.allocate(1 << 12);
        b.put(Wire.RESPONSE).putLong(1).putLong(0).put(Wire.VALUE);
        body.accept(b);
        return Arrays.copyOf(b.array(), b.position());
    }
}
