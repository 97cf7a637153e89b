package dev.ferret.exposure;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Accepts TCP connections on ADDRESS PORT and never says a word (run inside a test namespace). */
public final class SilentListener {
    private SilentListener() {
    }

    public static void main(String[] args) throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket s = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]))) {
            System.out.println("listening");
            System.out.flush();
            long end = System.currentTimeMillis() + 300_000; // never outlives a forgotten test by much
            s.setSoTimeout(1000);
            while (System.currentTimeMillis() < end) {
                try {
                    held.add(s.accept());
                } catch (java.net.SocketTimeoutException e) {
                    // keep waiting
                }
            }
        }
    }
}
