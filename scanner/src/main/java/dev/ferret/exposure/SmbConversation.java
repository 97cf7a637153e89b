package dev.ferret.exposure;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * The SMBv1 exchange on one connection: (NetBIOS session request on 139), NEGOTIATE "NT LM 0.12", anonymous
 * SESSION_SETUP, TREE_CONNECT to IPC$, the MS17-010 PeekNamedPipe check, the DoublePulsar Trans2 ping. Works on
 * plain streams so hostile replies can be fuzzed without sockets. Never throws: every failure becomes a reason.
 */
public final class SmbConversation {
    /** What the SMBv1 exchange learnt. {@code smb1} is null when the server's answer did not tell. */
    public record Outcome(Boolean smb1, String smb1Detail, Check ms17010, String ms17010Detail, Check implant,
                          String implantDetail) {
    }

    /** Result of one check. */
    public enum Check { POSITIVE, NEGATIVE, UNKNOWN, NOT_RUN }

    private SmbConversation() {
    }

    public static Outcome smb1(InputStream in, OutputStream out, String host, boolean netbiosSession) {
        State s = new State();
        String step = "the NetBIOS session request";
        try {
            if (netbiosSession) {
                out.write(SmbWire.sessionRequest());
                out.flush();
                int[] type = new int[1];
                SmbWire.readFrame(in, type);
                if (type[0] != 0x82) {
                    s.smb1Detail = String.format("NetBIOS session refused (type 0x%02X)", type[0]);
                    return s.outcome();
                }
            }
            step = "the SMBv1 NEGOTIATE";
            SmbReply r = exchange(in, out, SmbWire.negotiateSmb1());
            if (r.version() == 2) {
                s.smb1 = false;
                s.smb1Detail = "SMBv1 refused: the server answered an SMBv1 NEGOTIATE in SMB2";
                return s.outcome();
            }
            if (!r.ok()) {
                s.smb1Detail = "SMBv1 NEGOTIATE reply unusable: " + r.problem();
                return s.outcome();
            }
            if (r.command() != (SmbWire.SMB_COM_NEGOTIATE & 0xFF)) {
                s.smb1Detail = String.format("SMBv1 NEGOTIATE answered with command 0x%02X", r.command());
                return s.outcome();
            }
            if (r.status() != 0 || r.wordCount() == 0 || r.word(0) == 0xFFFF) {
                s.smb1 = false;
                s.smb1Detail = String.format("SMBv1 refused: no common dialect (status 0x%08X, dialect index %d)",
                        r.status(), r.word(0));
                return s.outcome();
            }
            if (r.word(0) != 0 || r.wordCount() < 17) {
                s.smb1Detail = String.format("SMBv1 NEGOTIATE reply malformed (dialect index %d, %d words)",
                        r.word(0), r.wordCount());
                return s.outcome();
            }
            s.smb1 = true;
            s.smb1Detail = "SMBv1 accepted (NT LM 0.12)";
            s.ms17 = SmbConversation.Check.UNKNOWN;
            s.implant = SmbConversation.Check.UNKNOWN;

            step = "the anonymous SESSION_SETUP";
            r = exchange(in, out, SmbWire.sessionSetup());
            if (!r.ok() || r.version() != 1 || r.status() != 0) {
                s.both(r.ok() ? String.format("anonymous session refused (status 0x%08X): authentication required",
                        r.status()) : "anonymous session reply unusable: " + r.problem());
                return s.outcome();
            }
            int uid = r.uid();
            step = "the IPC$ TREE_CONNECT";
            r = exchange(in, out, SmbWire.treeConnect(uid, host));
            if (!r.ok() || r.version() != 1 || r.status() != 0) {
                s.both(r.ok() ? String.format("IPC$ tree connect refused (status 0x%08X)", r.status())
                        : "IPC$ tree connect reply unusable: " + r.problem());
                return s.outcome();
            }
            int tid = r.tid();
            step = "the MS17-010 PeekNamedPipe transaction";
            r = exchange(in, out, SmbWire.peekNamedPipe(tid, uid));
            if (!r.ok() || r.version() != 1) {
                s.ms17Detail = "PeekNamedPipe reply unusable: " + r.problem();
            } else if (r.status() == SmbWire.STATUS_INSUFF_SERVER_RESOURCES) {
                s.ms17 = Check.POSITIVE;
                s.ms17Detail = "PeekNamedPipe on FID 0 answered STATUS_INSUFF_SERVER_RESOURCES (0xC0000205): "
                        + "MS17-010 is not installed";
            } else if (r.status() == SmbWire.STATUS_ACCESS_DENIED || r.status() == SmbWire.STATUS_INVALID_HANDLE) {
                s.ms17 = Check.NEGATIVE;
                s.ms17Detail = String.format("PeekNamedPipe on FID 0 answered %s (0x%08X): MS17-010 is installed",
                        r.status() == SmbWire.STATUS_ACCESS_DENIED ? "STATUS_ACCESS_DENIED" : "STATUS_INVALID_HANDLE",
                        r.status());
            } else {
                s.ms17Detail = String.format("PeekNamedPipe on FID 0 answered status 0x%08X, which tells neither "
                        + "patched nor unpatched", r.status());
            }
            step = "the DoublePulsar Trans2 SESSION_SETUP ping";
            r = exchange(in, out, SmbWire.trans2Ping(tid, uid));
            if (!r.ok() || r.version() != 1) {
                s.implantDetail = "Trans2 ping reply unusable: " + r.problem();
            } else if (r.mid() == SmbWire.IMPLANT_MID) {
                s.implant = Check.POSITIVE;
                long key = r.signature() & 0xFFFFFFFFL;
                s.implantDetail = String.format("the Trans2 SESSION_SETUP ping was answered with multiplex id 0x%X "
                        + "(request 0x%X): DoublePulsar implant (%s, XOR key 0x%08X)", r.mid(), SmbWire.MID,
                        (r.signature() >>> 32) == 0 ? "x86" : "x64", SmbWire.xorKey(key));
            } else if (r.mid() == SmbWire.MID) {
                s.implant = Check.NEGATIVE;
                s.implantDetail = String.format("the Trans2 SESSION_SETUP ping was answered normally (status 0x%08X, "
                        + "multiplex id 0x%X): no DoublePulsar implant", r.status(), r.mid());
            } else {
                s.implantDetail = String.format("the Trans2 ping was answered with an unexpected multiplex id 0x%X",
                        r.mid());
            }
            return s.outcome();
        } catch (IOException | RuntimeException e) {
            s.failed(describe(e, step));
            return s.outcome();
        }
    }

    /** Result of the SMB2 NEGOTIATE on a fresh connection: the dialect, or -1 and why not. */
    public record Smb2(int dialect, String detail) {
    }

    public static Smb2 smb2(InputStream in, OutputStream out) {
        try {
            SmbReply r = exchange(in, out, SmbWire.negotiateSmb2());
            if (!r.ok()) {
                return new Smb2(-1, "SMB2 NEGOTIATE reply unusable: " + r.problem());
            }
            if (r.version() != 2 || r.command() != 0 || r.status() != 0 || r.dialect() < 0) {
                return new Smb2(-1, String.format("SMB2 NEGOTIATE not accepted (SMB%d reply, status 0x%08X)",
                        r.version(), r.status()));
            }
            return new Smb2(r.dialect(), "SMB2 accepted, highest shared dialect " + SmbReply.dialectName(r.dialect()));
        } catch (IOException | RuntimeException e) {
            return new Smb2(-1, describe(e, "the SMB2 NEGOTIATE"));
        }
    }

    private static SmbReply exchange(InputStream in, OutputStream out, byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int[] type = new int[1];
        byte[] body = SmbWire.readFrame(in, type);
        if (type[0] != 0) {
            return SmbReply.bad(String.format("NetBIOS packet type 0x%02X where a session message was expected",
                    type[0]));
        }
        return SmbReply.parse(body);
    }

    static String describe(Exception e, String step) {
        if (e instanceof SocketTimeoutException) {
            return "timeout: no reply to " + step;
        }
        if (e instanceof SmbWire.BadReply) {
            return "hostile or malformed reply to " + step + ": " + e.getMessage();
        }
        if (e instanceof EOFException) {
            return "the server closed the connection during " + step + " (" + e.getMessage() + ")";
        }
        if (e instanceof SocketException && String.valueOf(e.getMessage()).toLowerCase().contains("reset")) {
            return "connection reset during " + step;
        }
        return step + " failed: " + e;
    }

    private static final class State {
        Boolean smb1;
        String smb1Detail = "SMBv1 not tested";
        Check ms17 = Check.NOT_RUN;
        String ms17Detail = "MS17-010 check not run";
        Check implant = Check.NOT_RUN;
        String implantDetail = "DoublePulsar probe not run";

        void both(String why) {
            ms17Detail = "MS17-010 check incomplete: " + why;
            implantDetail = "DoublePulsar probe incomplete: " + why;
        }

        void failed(String why) {
            if (smb1 == null) {
                smb1Detail = why;
            }
            if (ms17 == Check.UNKNOWN && ms17Detail.equals("MS17-010 check not run")) {
                ms17Detail = "MS17-010 check incomplete: " + why;
            }
            if (implant == Check.UNKNOWN) {
                implantDetail = "DoublePulsar probe incomplete: " + why;
            }
        }

        Outcome outcome() {
            return new Outcome(smb1, smb1Detail, ms17, ms17Detail, implant, implantDetail);
        }
    }
}
