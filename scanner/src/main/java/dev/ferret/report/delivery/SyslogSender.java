package dev.ferret.report.delivery;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Sends syslog messages over UDP (one datagram each, RFC 5426), TCP or TLS (octet-counted frames, RFC 6587 /
 * RFC 5425). TLS trusts the JVM's trust store (javax.net.ssl.trustStore to add a private CA).
 */
public final class SyslogSender {
    /** Transport. */
    public enum Protocol { UDP, TCP, TLS }

    static final int CONNECT_TIMEOUT_MS = 5_000;
    private final String host;
    private final int port;
    private final Protocol protocol;

    public SyslogSender(String host, int port, Protocol protocol) {
        this.host = host;
        this.port = port;
        this.protocol = protocol;
    }

    /** Parses HOST:PORT ([v6]:PORT for IPv6); throws IllegalArgumentException with a one-line reason. */
    public static SyslogSender parse(String target, String protocol) {
        Protocol p;
        try {
            p = Protocol.valueOf(protocol.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--syslog-protocol: expected udp, tcp or tls, not '" + protocol + "'");
        }
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new IllegalArgumentException("--syslog: expected HOST:PORT, not '" + target + "'");
        }
        String h = target.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--syslog: port must be 1 to 65535 in '" + target + "'");
        }
        return new SyslogSender(h, port, p);
    }

    public void send(List<String> messages) throws IOException {
        if (protocol == Protocol.UDP) {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.connect(new InetSocketAddress(host, port));
                for (String m : messages) {
                    byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(bytes, bytes.length));
                }
            }
            return;
        }
        try (Socket socket = protocol == Protocol.TLS ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(CONNECT_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            for (String m : messages) {
                byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
                out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
            }
            out.flush();
        }
    }

    @Override
    public String toString() {
        return protocol.name().toLowerCase(Locale.ROOT) + "://" + host + ":" + port;
    }
}
