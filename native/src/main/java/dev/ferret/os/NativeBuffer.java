package dev.ferret.os;

import com.sun.jna.Memory;

import java.nio.ByteBuffer;

/**
 * A block of native memory seen as a direct {@link ByteBuffer}, freed when closed rather than when the garbage
 * collector gets to it: a sweep worker holds a big file's bytes only while it hashes and scans them.
 */
public final class NativeBuffer implements AutoCloseable {
    private final Memory memory;
    private final ByteBuffer view;

    /** @param size 1 to {@link Integer#MAX_VALUE} - 8 bytes */
    public NativeBuffer(long size) {
        if (size < 1 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("native buffer size out of range: " + size);
        }
        memory = new Memory(size);
        view = memory.getByteBuffer(0, size);
    }

    /** The whole block, position 0, limit its size; invalid once closed. */
    public ByteBuffer buffer() {
        return view;
    }

    @Override
    public void close() {
        memory.close();
    }
}
