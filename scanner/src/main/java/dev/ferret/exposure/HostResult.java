package dev.ferret.exposure;

import java.net.InetAddress;
import java.util.List;

/**
 * Everything learnt about one host.
 *
 * @param ports   TCP ports
 * @param udp     UDP ports (137 with --udp), empty when not asked
 * @param smb     the SMBv1 exchange on 445 (or 139), null when no SMB port was open
 * @param smb2    the SMB2 NEGOTIATE, null when not tried
 * @param reasons the evidence, in the order it was found
 */
public record HostResult(InetAddress address, List<PortResult> ports, List<PortResult> udp,
                         SmbConversation.Outcome smb, SmbConversation.Smb2 smb2, Verdict verdict, List<String> reasons,
                         long millis) {
    public HostResult {
        ports = List.copyOf(ports);
        udp = List.copyOf(udp);
        reasons = List.copyOf(reasons);
    }

    /** One TCP port. */
    public record PortResult(int port, PortState state, String detail) {
    }

    /** What a connection attempt showed. */
    public enum PortState { OPEN, REFUSED, NO_ANSWER, UNREACHABLE, ERROR }

    public String ip() {
        return address.getHostAddress();
    }

    public List<Integer> openPorts() {
        return ports.stream().filter(p -> p.state() == PortState.OPEN).map(PortResult::port).toList();
    }
}
