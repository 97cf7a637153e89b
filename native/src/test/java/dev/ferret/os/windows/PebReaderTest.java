package dev.ferret.os.windows;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The PEB walk on synthetic address spaces laid out as 64-bit and WOW64 processes lay them out (the offsets are the
 * ones documented for winternl.h's PEB and RTL_USER_PROCESS_PARAMETERS).
 */
class PebReaderTest {
    /** A sparse fake address space: byte runs at addresses; reading anything else fails like ReadProcessMemory. */
    static final class FakeMemory implements PebReader.Remote {
        private final TreeMap<Long, byte[]> runs = new TreeMap<>();

        void put(long address, byte[] bytes) {
            runs.put(address, bytes);
        }

        @Override
        public byte[] read(long address, int length) throws WindowsException {
            var e = runs.floorEntry(address);
            if (e == null || address + length > e.getKey() + e.getValue().length) {
                throw new WindowsException(String.format("ReadProcessMemory at 0x%x", address),
                        WindowsException.ERROR_PARTIAL_COPY);
            }
            byte[] out = new byte[length];
            System.arraycopy(e.getValue(), (int) (address - e.getKey()), out, 0, length);
            return out;
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void readsTheCommandLineOfA64BitProcess() throws Exception {
        String cmd = "C:\\Windows\\system32\\svchost.exe -k netsvcs";
        byte[] text = cmd.getBytes(StandardCharsets.UTF_16LE);
        FakeMemory m = new FakeMemory();
        long peb = 0x7ff6_1000_0000L;
        long params = 0x0000_01a0_0002_0000L;
        long buffer = 0x0000_01a0_0002_0800L;
        m.put(peb, le(0x40).putLong(0x20, params).array());
        m.put(params, le(0x80).putShort(0x70, (short) text.length).putShort(0x72, (short) (text.length + 2))
                .putLong(0x78, buffer).array());
        m.put(buffer, text);
        assertEquals(cmd, PebReader.commandLine64(m, peb));
    }

    @Test
    void readsTheCommandLineOfAWow64Process() throws Exception {
        String cmd = "\"C:\\Users\\Public\\TrustedHostex.exe\" -o stratum+tcp://pool.supportxmr.com:3333";
        byte[] text = cmd.getBytes(StandardCharsets.UTF_16LE);
        FakeMemory m = new FakeMemory();
        long peb32 = 0x7efd_e000L;
        long params = 0x0031_0000L;
        long buffer = 0x0031_07a0L;
        m.put(peb32, le(0x20).putInt(0x10, (int) params).array());
        m.put(params, le(0x48).putShort(0x40, (short) text.length).putInt(0x44, (int) buffer).array());
        m.put(buffer, text);
        assertEquals(cmd, PebReader.commandLine32(m, peb32));
    }

    @Test
    void anUnreadablePebIsAnErrorNotAGuess() {
        FakeMemory m = new FakeMemory();
        assertThrows(WindowsException.class, () -> PebReader.commandLine64(m, 0x1000));
    }

    @Test
    void decodesProcessCommandLineInformationBuffers() {
        String cmd = "lsass.exe";
        byte[] text = cmd.getBytes(StandardCharsets.UTF_16LE);
        long base = 0x5000_0000L;
        ByteBuffer b = le(16 + text.length);
        b.putShort(0, (short) text.length).putShort(2, (short) text.length).putLong(8, base + 16);
        b.position(16);
        b.put(text);
        assertEquals(cmd, PebReader.unicodeStringInBuffer(b.array(), base, 8));

        ByteBuffer b32 = le(8 + text.length);
        b32.putShort(0, (short) text.length).putInt(4, (int) (base + 8));
        b32.position(8);
        b32.put(text);
        assertEquals(cmd, PebReader.unicodeStringInBuffer(b32.array(), base, 4));

        b.putLong(8, base + 4096); // a pointer outside the buffer is refused
        assertNull(PebReader.unicodeStringInBuffer(b.array(), base, 8));
    }
}
