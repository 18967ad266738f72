package dev.llmf.reference.backend.cuda;

/**
 * One argument of a kernel launch: its C type and its value's bits. The types are the four the kernels use
 * ({@code float*}/{@code int*} pointers, {@code int}, {@code long long}, {@code float}); a test compares them with
 * the parameter lists in the {@code .cu} files.
 */
public record KernelArg(Type type, long bits) {

    public enum Type { POINTER, INT, LONG, FLOAT }

    /** A device pointer; 0 is a null pointer. */
    public static KernelArg pointer(long devicePointer) {
        return new KernelArg(Type.POINTER, devicePointer);
    }

    public static KernelArg i32(int value) {
        return new KernelArg(Type.INT, value);
    }

    public static KernelArg i64(long value) {
        return new KernelArg(Type.LONG, value);
    }

    public static KernelArg f32(float value) {
        return new KernelArg(Type.FLOAT, Float.floatToRawIntBits(value));
    }

    public int asInt() {
        return (int) bits;
    }

    public float asFloat() {
        return Float.intBitsToFloat((int) bits);
    }
}
