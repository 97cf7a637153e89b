package dev.ferret.exposure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted SMB server on 127.0.0.1 (ephemeral port) that replays recorded replies per request command. */
final class FakeSmbServer implements AutoCloseable {
    enum Mode { UNPATCHED, PATCHED, IMPLANT, SILENT, RESET, SMB2_ONLY, ANON_DENIED, GARBAGE, DRIP }

    private final ServerSocket server;
    private final Mode mode;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FakeSmbServer(Mode mode) throws IOException {
        this.mode = mode;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "fake-smb-" + mode);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "fake-smb-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int[] type = new int[1];
            while (true) {
                byte[] req = SmbWire.readFrame(in, type);
                if (mode == Mode.SILENT) {
                    continue;
                }
                if (mode == Mode.DRIP) { // a valid-looking header claiming 60000 bytes, then a byte every 200 ms
                    out.write(new byte[] {0, 0, (byte) 0xEA, 0x60});
                    out.flush();
                    for (int i = 0; i < 60000 && !server.isClosed(); i++) {
                        Thread.sleep(200);
                        out.write(0);
                        out.flush();
                    }
                    return;
                }
                if (mode == Mode.RESET) {
                    s.setSoLinger(true, 0);
                    return;
                }
                byte[] reply = answer(req);
                if (reply == null) {
                    return;
                }
                out.write(reply);
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] answer(byte[] req) {
        boolean smb2 = (req[0] & 0xFF) == 0xFE;
        if (mode == Mode.GARBAGE) {
            return new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'};
        }
        if (smb2) {
            return mode == Mode.SMB2_ONLY ? SmbReplies.smb2Negotiate(0x0302) : null;
        }
        if (mode == Mode.SMB2_ONLY) {
            return null; // an SMB2-only server drops an SMBv1 NEGOTIATE
        }
        int command = req[4] & 0xFF;
        return switch (command) {
            case 0x72 -> SmbReplies.negotiate();
            case 0x73 -> SmbReplies.sessionSetup(mode == Mode.ANON_DENIED ? SmbWire.STATUS_ACCESS_DENIED : 0);
            case 0x75 -> SmbReplies.treeConnect();
            case 0x25 -> SmbReplies.peek(mode == Mode.UNPATCHED || mode == Mode.IMPLANT
                    ? SmbWire.STATUS_INSUFF_SERVER_RESOURCES : SmbWire.STATUS_INVALID_HANDLE);
            case 0x32 -> mode == Mode.IMPLANT ? SmbReplies.trans2Implant() : SmbReplies.trans2Clean();
            default -> null;
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
