package dev.ferret.exposure;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input with one deadline for the whole exchange: each read waits at most until the deadline, so a server
 * that drips its reply one byte at a time cannot stretch a host's probe beyond its budget.
 */
final class DeadlineInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final long deadlineNanos;
    private final int stepMillis;

    /** Each read waits at most {@code stepMillis}, and never past {@code deadlineNanos}. */
    DeadlineInput(Socket socket, int stepMillis, long deadlineNanos) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.stepMillis = stepMillis;
        this.deadlineNanos = deadlineNanos;
    }

    private void arm() throws IOException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("time budget for this host used up");
        }
        socket.setSoTimeout((int) Math.min(stepMillis, left));
    }

    @Override
    public int read() throws IOException {
        arm();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return in.read(b, off, len);
    }
}
