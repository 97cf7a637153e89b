package dev.ferret.collect.windows;

import dev.ferret.os.windows.SocketRow;
import dev.ferret.os.windows.WindowsException;

import java.util.List;

/** TCP and UDP tables with owning pids, IPv4 and IPv6. */
public interface SocketSource {
    List<SocketRow> tcp() throws WindowsException;

    List<SocketRow> udp() throws WindowsException;
}
