package dev.ferret.exposure;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Server replies built from [MS-CIFS] 2.2.4 (NEGOTIATE, SESSION_SETUP_ANDX, TREE_CONNECT_ANDX, TRANSACTION,
 * TRANSACTION2 responses), [MS-SMB2] 2.2.4 (NEGOTIATE response) and the published DoublePulsar behaviour
 * (the implant answers the Trans2 SESSION_SETUP ping with STATUS_NOT_IMPLEMENTED and multiplex id + 0x10).
 */
final class SmbReplies {
    static final int UID = 0x0800;
    static final int TID = 0x0801;

    private SmbReplies() {
    }

    static byte[] header(int command, int status, int tid, int uid, int mid, long signature) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xFF).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        b.put((byte) command);
        b.putInt(status);
        b.put((byte) 0x98); // reply, case-insensitive, canonicalised
        b.putShort((short) 0xC003);
        b.putShort((short) 0);
        b.putLong(signature);
        b.putShort((short) 0);
        b.putShort((short) tid);
        b.putShort((short) 0xFEFF);
        b.putShort((short) uid);
        b.putShort((short) mid);
        return b.array();
    }

    static byte[] smb(byte[] header, byte[] words, byte[] data) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(header);
        o.write(words.length / 2);
        o.writeBytes(words);
        o.write(data.length & 0xFF);
        o.write(data.length >> 8 & 0xFF);
        o.writeBytes(data);
        return SmbWire.netbios(o.toByteArray());
    }

    static byte[] negotiate() {
        ByteBuffer w = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
        w.putShort((short) 0); // dialect index: NT LM 0.12
        w.put((byte) 0x03); // user level, challenge/response
        w.putShort((short) 50).putShort((short) 1);
        w.putInt(16644).putInt(65536).putInt(0);
        w.putInt(0x0000E3FD); // capabilities, no extended security
        w.putLong(0x01D0000000000000L).putShort((short) 0);
        w.put((byte) 8);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        d.writeBytes("WORKGROUP\0".getBytes(StandardCharsets.UTF_16LE));
        return smb(header(0x72, 0, 0, 0, SmbWire.MID, 0), w.array(), d.toByteArray());
    }

    static byte[] negotiateNoDialect() {
        ByteBuffer w = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
        w.putShort((short) 0xFFFF);
        return smb(header(0x72, 0, 0, 0, SmbWire.MID, 0), w.array(), new byte[0]);
    }

    static byte[] sessionSetup(int status) {
        ByteBuffer w = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        w.put((byte) 0xFF).put((byte) 0).putShort((short) 0).putShort((short) 1); // guest
        byte[] data = "Windows 7 Professional 7601 Service Pack 1\0Windows 7 Professional 6.1\0\0"
                .getBytes(StandardCharsets.UTF_16LE);
        return status == 0 ? smb(header(0x73, 0, 0, UID, SmbWire.MID, 0), w.array(), data)
                : smb(header(0x73, status, 0, 0, SmbWire.MID, 0), new byte[0], new byte[0]);
    }

    static byte[] treeConnect() {
        ByteBuffer w = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        w.put((byte) 0xFF).put((byte) 0).putShort((short) 0).putShort((short) 1);
        byte[] data = "IPC\0".getBytes(StandardCharsets.US_ASCII);
        return smb(header(0x75, 0, TID, UID, SmbWire.MID, 0), w.array(), data);
    }

    /** An error reply: word count 0, byte count 0 ([MS-CIFS] 2.2.4.33.2 for transactions). */
    static byte[] error(int command, int status, int mid, long signature) {
        return smb(header(command, status, TID, UID, mid, signature), new byte[0], new byte[0]);
    }

    static byte[] peek(int status) {
        return error(0x25, status, SmbWire.MID, 0);
    }

    static byte[] trans2Clean() {
        return error(0x32, SmbWire.STATUS_NOT_IMPLEMENTED, SmbWire.MID, 0);
    }

    /** The implant's answer: multiplex id 0x51, its key material in the signature field (x64: high half set). */
    static byte[] trans2Implant() {
        return error(0x32, SmbWire.STATUS_NOT_IMPLEMENTED, SmbWire.IMPLANT_MID, 0x00000001_58A3F13CL);
    }

    static byte[] smb2Negotiate(int dialect) {
        ByteBuffer b = ByteBuffer.allocate(64 + 64 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xFE).put((byte) 'S').put((byte) 'M').put((byte) 'B');
        b.putShort((short) 64).putShort((short) 0).putInt(0).putShort((short) 0).putShort((short) 1);
        b.putInt(1).putInt(0).putLong(0).putInt(0).putInt(0).putLong(0).put(new byte[16]);
        b.putShort((short) 65).putShort((short) 1).putShort((short) dialect).putShort((short) 0);
        b.put(new byte[16]); // server guid
        b.putInt(0x7).putInt(65536).putInt(65536).putInt(65536);
        b.putLong(0).putLong(0);
        b.putShort((short) 128).putShort((short) 0).putInt(0);
        b.put((byte) 0);
        return SmbWire.netbios(b.array());
    }

    /** The whole SMBv1 conversation of a host, as one byte stream, in the order the client asks. */
    static byte[] conversation(int peekStatus, boolean implant) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(negotiate());
        o.writeBytes(sessionSetup(0));
        o.writeBytes(treeConnect());
        o.writeBytes(peek(peekStatus));
        o.writeBytes(implant ? trans2Implant() : trans2Clean());
        return o.toByteArray();
    }
}
