package dev.llmf.grader.sandbox;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One end's table of the arrays both ends of the sandbox pipe hold a copy of, so that learner code in the child
 * sees what it would see in-process: the same buffer behind two views, its own writes into its inputs, and arrays it
 * keeps and hands out again. Every {@code float[]}, {@code int[]}, {@code double[]} and {@code byte[]} (a tensor's
 * buffer included) that crosses the pipe gets an id the first time; later it crosses as its id only. Before each
 * frame an end sends the contents of every shared array that changed on its side since the last frame (it keeps a
 * snapshot of each to tell), and the other end writes them into its own array. So a learner's write into an input
 * reaches the grader's array when the call returns, and the grader's write into a returned array reaches the
 * learner's before the next call.
 *
 * <p>The grader's end holds its arrays weakly: an array the suites no longer use is released, and the child drops
 * its entry with the next request. The child's end holds them strongly until then. Ids the grader gives are
 * positive, the child's negative; each end refuses an id of the wrong sign, an unknown id and a length or type that
 * does not match, so a forged frame can do no more than learner code could.
 *
 * <p>Runs inside the child JVM too: only the JDK may be used here.
 */
final class SharedArrays {

    /** Which end this table belongs to. */
    enum Side {
        /** the trusted grader: positive ids, weak references */
        GRADER,
        /** the sandboxed child: negative ids, strong references */
        CHILD
    }

    /** One shared array: its id, the array (weakly held on the grader's end) and its contents at the last sync. */
    private static final class Slot extends WeakReference<Object> {
        final int id;
        final int identity;
        final Object strong;
        Object snapshot;

        Slot(int id, Object array, boolean holdStrongly, ReferenceQueue<Object> queue) {
            super(array, queue);
            this.id = id;
            this.identity = System.identityHashCode(array);
            this.strong = holdStrongly ? array : null;
            this.snapshot = copy(array);
        }
    }

    /** The contents of one shared array, sent because they changed. */
    record Update(int id, Object contents) {
    }

    private final Side side;
    private final Map<Integer, Slot> byId = new HashMap<>();
    private final Map<Integer, List<Slot>> byIdentity = new HashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final List<Integer> unsentReleases = new ArrayList<>();
    private int issued;

    SharedArrays(Side side) {
        this.side = side;
    }

    /** True for the array types that are shared rather than copied. */
    static boolean isShareable(Object value) {
        return value instanceof float[] || value instanceof int[] || value instanceof double[]
                || value instanceof byte[];
    }

    /** How many arrays this end shares now (for tests and diagnostics). */
    int size() {
        return byId.size();
    }

    // ---- sending ----

    /** The id {@code array} already has, or null. */
    Integer idOf(Object array) {
        List<Slot> bucket = byIdentity.get(System.identityHashCode(array));
        if (bucket != null) {
            for (Slot s : bucket) {
                if (s.get() == array) {
                    return s.id;
                }
            }
        }
        return null;
    }

    /** Gives {@code array} a new id of this end; the snapshot is its current contents. */
    int share(Object array) {
        int id = side == Side.GRADER ? ++issued : -(++issued);
        put(new Slot(id, array, side == Side.CHILD, collected));
        return id;
    }

    /** Forgets an id this end gave in a frame that was never sent. */
    void unshare(int id) {
        remove(id);
    }

    /** Every shared array whose contents differ from its snapshot, with a copy of its contents now. */
    List<Update> changes() {
        List<Update> out = new ArrayList<>();
        for (Slot s : byId.values()) {
            Object array = s.get();
            if (array != null && !sameContents(array, s.snapshot)) {
                out.add(new Update(s.id, copy(array)));
            }
        }
        return out;
    }

    /** Records that {@code updates} were sent: their contents are the new snapshots. */
    void sent(List<Update> updates) {
        for (Update u : updates) {
            Slot s = byId.get(u.id());
            if (s != null) {
                s.snapshot = u.contents();
            }
        }
    }

    /**
     * Grader's end: the ids whose arrays the grader no longer uses, forgotten here; the child drops them when told.
     * Empty on the child's end.
     */
    List<Integer> released() {
        List<Integer> out = new ArrayList<>(unsentReleases);
        unsentReleases.clear();
        for (Object ref = collected.poll(); ref != null; ref = collected.poll()) {
            Slot s = (Slot) ref;
            if (byId.get(s.id) == s) {      // not revived under the same id since
                remove(s.id);
                out.add(s.id);
            }
        }
        return out;
    }

    /** Keeps released ids for the next frame: the frame they were meant for was never sent. */
    void releaseLater(List<Integer> ids) {
        unsentReleases.addAll(ids);
    }

    // ---- receiving ----

    /** Takes on an array the other end shares for the first time under {@code id}. */
    void adopt(int id, Object array) throws Wire.ProtocolException {
        boolean theirs = side == Side.GRADER ? id < 0 : id > 0;
        if (!theirs || byId.containsKey(id)) {
            throw new Wire.ProtocolException("shared array id " + id + " is not a new id of the other end");
        }
        put(new Slot(id, array, side == Side.CHILD, collected));
    }

    /** The array shared under {@code id}; on the grader's end, one made again from the snapshot if it was dropped. */
    Object resolve(int id) throws Wire.ProtocolException {
        Slot s = byId.get(id);
        if (s == null) {
            throw new Wire.ProtocolException("no shared array " + id);
        }
        Object array = s.get();
        if (array == null) {            // the grader let go of it, but learner code kept it and handed it back
            array = copy(s.snapshot);
            put(new Slot(id, array, false, collected));
        }
        return array;
    }

    /** Writes what the other end sent into the array shared under {@code id}. */
    void apply(int id, Object contents) throws Wire.ProtocolException {
        Slot s = byId.get(id);
        if (s == null) {
            throw new Wire.ProtocolException("an update for the unknown shared array " + id);
        }
        if (contents.getClass() != s.snapshot.getClass()
                || java.lang.reflect.Array.getLength(contents) != java.lang.reflect.Array.getLength(s.snapshot)) {
            throw new Wire.ProtocolException("the update for shared array " + id + " changes its type or length");
        }
        Object array = s.get();
        if (array != null) {
            System.arraycopy(contents, 0, array, 0, java.lang.reflect.Array.getLength(contents));
        }
        s.snapshot = contents;
    }

    /** Child's end: drops an array the grader no longer uses (learner code may still hold it). */
    void release(int id) {
        remove(id);
    }

    // ---- helpers ----

    private void put(Slot s) {
        Slot old = byId.put(s.id, s);
        if (old != null) {
            unlink(old);
        }
        List<Slot> same = byIdentity.get(s.identity);   // not computeIfAbsent: a lambda costs the child's start
        if (same == null) {
            same = new ArrayList<>(1);
            byIdentity.put(s.identity, same);
        }
        same.add(s);
    }

    private void remove(int id) {
        Slot s = byId.remove(id);
        if (s != null) {
            unlink(s);
        }
    }

    private void unlink(Slot s) {
        List<Slot> bucket = byIdentity.get(s.identity);
        if (bucket != null && bucket.remove(s) && bucket.isEmpty()) {
            byIdentity.remove(s.identity);
        }
    }

    // if-chains, not pattern switches, here and in WireEncoder: the child runs them once or twice, and a pattern
    // switch's first run costs a cold JVM several milliseconds of bootstrap
    private static boolean sameContents(Object a, Object b) {
        if (a instanceof float[] f) {
            return Arrays.equals(f, (float[]) b);
        } else if (a instanceof int[] i) {
            return Arrays.equals(i, (int[]) b);
        } else if (a instanceof double[] d) {
            return Arrays.equals(d, (double[]) b);
        } else if (a instanceof byte[] by) {
            return Arrays.equals(by, (byte[]) b);
        }
        throw new IllegalArgumentException("not a shared array type: " + a.getClass());
    }

    static Object copy(Object array) {
        if (array instanceof float[] f) {
            return f.clone();
        } else if (array instanceof int[] i) {
            return i.clone();
        } else if (array instanceof double[] d) {
            return d.clone();
        } else if (array instanceof byte[] b) {
            return b.clone();
        }
        throw new IllegalArgumentException("not a shared array type: " + array.getClass());
    }
}
