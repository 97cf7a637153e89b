package dev.ferret.model;

/** One side of a network connection. */
public record Endpoint(String ip, int port) {
    @Override
    public String toString() {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
