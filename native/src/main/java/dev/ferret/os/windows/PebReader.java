package dev.ferret.os.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a process's command line from its PEB, for Windows versions without ProcessCommandLineInformation
 * (before 8.1 / Server 2012 R2 — the Windows 7 and 2008 R2 servers EternalBlue worms still live on).
 * Offsets: 64-bit PEB.ProcessParameters at 0x20, RTL_USER_PROCESS_PARAMETERS.CommandLine at 0x70; 32-bit (WOW64)
 * PEB32.ProcessParameters at 0x10, CommandLine at 0x40. The walk goes through a {@link Remote} reader, so it is
 * tested on synthetic memory images.
 */
public final class PebReader {
    static final int PEB64_PROCESS_PARAMETERS = 0x20;
    static final int PARAMS64_COMMAND_LINE = 0x70;
    static final int PEB32_PROCESS_PARAMETERS = 0x10;
    static final int PARAMS32_COMMAND_LINE = 0x40;
    /** UNICODE_STRING lengths are USHORTs: 32767 characters at most. */
    static final int MAX_BYTES = 0xFFFE;

    /** Reads another process's memory. */
    @FunctionalInterface
    public interface Remote {
        byte[] read(long address, int length) throws WindowsException;
    }

    private PebReader() {
    }

    public static String commandLine64(Remote memory, long peb) throws WindowsException {
        long params = le(memory.read(peb + PEB64_PROCESS_PARAMETERS, 8)).getLong();
        ByteBuffer us = le(memory.read(params + PARAMS64_COMMAND_LINE, 16));
        int length = us.getShort(0) & 0xFFFF;
        long buffer = us.getLong(8);
        return string(memory, buffer, length);
    }

    public static String commandLine32(Remote memory, long peb32) throws WindowsException {
        long params = le(memory.read(peb32 + PEB32_PROCESS_PARAMETERS, 4)).getInt() & 0xFFFFFFFFL;
        ByteBuffer us = le(memory.read(params + PARAMS32_COMMAND_LINE, 8));
        int length = us.getShort(0) & 0xFFFF;
        long buffer = us.getInt(4) & 0xFFFFFFFFL;
        return string(memory, buffer, length);
    }

    /**
     * The string of a UNICODE_STRING at offset 0 of a buffer that also holds its characters, as
     * NtQueryInformationProcess(ProcessCommandLineInformation) returns it.
     *
     * @param bufferAddress where the buffer lives (its Buffer pointer is absolute)
     */
    public static String unicodeStringInBuffer(byte[] buffer, long bufferAddress, int pointerSize) {
        ByteBuffer b = le(buffer);
        int length = b.getShort(0) & 0xFFFF;
        long pointer = pointerSize == 8 ? b.getLong(8) : b.getInt(4) & 0xFFFFFFFFL;
        long offset = pointer - bufferAddress;
        if (length == 0 || offset < 0 || offset + length > buffer.length) {
            return length == 0 ? "" : null;
        }
        return new String(buffer, (int) offset, length & ~1, StandardCharsets.UTF_16LE);
    }

    private static String string(Remote memory, long address, int length) throws WindowsException {
        if (length == 0 || address == 0) {
            return "";
        }
        return new String(memory.read(address, Math.min(length, MAX_BYTES) & ~1), StandardCharsets.UTF_16LE);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
