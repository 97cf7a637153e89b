package dev.ferret.model.access;

import dev.ferret.model.Endpoint;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.SocketInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A listening TCP service with its process, user and bind address: the live socket table joined to the process
 * list (both already in the snapshot, so this is a view, not a collection).
 *
 * @param process the owning process, null when no visible process holds the socket
 */
public record Listener(Endpoint local, ProcessInfo process, int uid) {
    /** Beyond loopback: every interface, or a LAN or public address. */
    public boolean exposed() {
        return !Addresses.loopback(local.ip());
    }

    public boolean everyInterface() {
        return Addresses.allInterfaces(local.ip());
    }

    /** "mysqld (pid 812, user mysql)", or a note that the owner is not visible. */
    public String owner() {
        return process == null ? "a process (owner not visible, uid " + uid + ")"
                : process.name() + " (pid " + process.pid() + ", user " + process.user() + ")";
    }

    /** The snapshot's listening TCP sockets (empty offline or when the network area was not collected). */
    public static List<Listener> of(Snapshot snapshot) {
        List<Listener> out = new ArrayList<>();
        for (SocketInfo s : snapshot.sockets()) {
            if (!s.protocol().equals("tcp") || !s.listening()) {
                continue;
            }
            Optional<ProcessInfo> owner = s.pids().stream().map(snapshot::process).flatMap(Optional::stream).findFirst();
            out.add(new Listener(s.local(), owner.orElse(null), s.uid()));
        }
        return out;
    }
}
