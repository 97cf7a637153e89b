package dev.ferret.exposure;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sweeps hosts for SMB exposure with at most {@code concurrency} hosts in flight (one connection each at a time),
 * every new connection waiting for a slot of the global {@link RateLimiter}, and every connect or reply bounded by
 * {@code timeoutMillis}. A host takes at most {@code (ports + 7) * timeout} plus its rate-limit waits: each port
 * costs one connect (at most one timeout), the SMBv1 exchange (up to six replies) and the SMB2 NEGOTIATE (one connect,
 * one reply) share a deadline of {@link #SMB_STEPS} timeouts, however slowly a server drips its bytes.
 */
public final class ExposureScan {
    /** Timeouts the SMB exchanges of one host may use together. */
    static final int SMB_STEPS = 7;

    /** How a port is probed: SMB directly over TCP (445), SMB over a NetBIOS session (139), or connect only. */
    public enum Kind { SMB_DIRECT, SMB_NETBIOS, CONNECT }

    /** One port to probe. */
    public record PortSpec(int port, Kind kind) {
        public static PortSpec of(int port) {
            return new PortSpec(port, port == 445 ? Kind.SMB_DIRECT : port == 139 ? Kind.SMB_NETBIOS : Kind.CONNECT);
        }
    }

    /** Sweep settings. */
    public record Options(List<PortSpec> ports, int concurrency, double ratePerSecond, int timeoutMillis,
                          int nbnsPort) {
        /** Without the UDP 137 probe. */
        public Options(List<PortSpec> ports, int concurrency, double ratePerSecond, int timeoutMillis) {
            this(ports, concurrency, ratePerSecond, timeoutMillis, 0);
        }

        public Options {
            ports = List.copyOf(ports);
            if (ports.isEmpty() || concurrency < 1 || timeoutMillis < 1) {
                throw new IllegalArgumentException("ports, concurrency and timeout must be positive");
            }
        }

        /** The longest a host can take, rate-limit waits aside. */
        public long hostBudgetMillis() {
            return (long) (ports.size() + SMB_STEPS + (nbnsPort > 0 ? 1 : 0)) * timeoutMillis;
        }
    }

    private final Options options;
    private final RateLimiter rate;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public ExposureScan(Options options, RateLimiter rate) {
        this.options = options;
        this.rate = rate;
    }

    /** Connection attempts started so far. */
    public long connections() {
        return connections.get();
    }

    /** Most hosts probed at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    public List<HostResult> run(List<InetAddress> targets) throws InterruptedException {
        int threads = Math.min(options.concurrency(), Math.max(1, targets.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ferret-exposure");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<HostResult>> futures = new ArrayList<>();
            for (InetAddress a : targets) {
                futures.add(pool.submit(() -> probeCounted(a)));
            }
            List<HostResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    results.add(new HostResult(targets.get(i), List.of(), List.of(), null, null, Verdict.UNKNOWN,
                            List.of("the probe failed: " + e.getCause()), 0));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private HostResult probeCounted(InetAddress a) throws InterruptedException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            return probe(a);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Probes one host. */
    public HostResult probe(InetAddress address) throws InterruptedException {
        long start = System.nanoTime();
        List<HostResult.PortResult> ports = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        SmbConversation.Outcome smb = null;
        SmbConversation.Smb2 smb2 = null;
        PortSpec smbPort = null;
        long smbDeadline = 0;
        for (PortSpec p : options.ports()) {
            Socket s = new Socket();
            try {
                HostResult.PortResult pr = connect(s, address, p.port());
                ports.add(pr);
                boolean smbKind = p.kind() != Kind.CONNECT;
                boolean wanted = smbKind && (smb == null || smb.smb1() == null && smb2 == null);
                if (pr.state() == HostResult.PortState.OPEN && wanted) {
                    smbDeadline = System.nanoTime() + SMB_STEPS * options.timeoutMillis() * 1_000_000L;
                    smb = SmbConversation.smb1(new DeadlineInput(s, options.timeoutMillis(), smbDeadline), s.getOutputStream(),
                            address.getHostAddress(),
                            p.kind() == Kind.SMB_NETBIOS);
                    smbPort = p;
                }
            } catch (IOException e) {
                smb = new SmbConversation.Outcome(null, "SMB exchange on port " + p.port() + " failed: " + e,
                        SmbConversation.Check.NOT_RUN, "MS17-010 check not run", SmbConversation.Check.NOT_RUN,
                        "DoublePulsar probe not run");
            } finally {
                closeQuietly(s);
            }
            if (smb != null && smbPort == p && p.kind() == Kind.SMB_DIRECT) {
                smb2 = smb2(address, p.port(), smbDeadline);
            }
        }
        List<HostResult.PortResult> udp = new ArrayList<>();
        if (options.nbnsPort() > 0) {
            rate.acquire();
            connections.incrementAndGet();
            udp.add(NetbiosNameProbe.probe(address, options.nbnsPort(), options.timeoutMillis()));
        }
        boolean anyOpen = ports.stream().anyMatch(x -> x.state() == HostResult.PortState.OPEN)
                || udp.stream().anyMatch(x -> x.state() == HostResult.PortState.OPEN);
        if (smb != null && smb2 != null && smb.smb1() == null && smb2.dialect() >= 0) {
            smb = new SmbConversation.Outcome(false, "SMBv1 refused (" + smb.smb1Detail() + "), SMB2 answers",
                    smb.ms17010(), smb.ms17010Detail(), smb.implant(), smb.implantDetail());
        }
        Verdict verdict = Verdict.judge(anyOpen, smb);
        for (HostResult.PortResult pr : ports) {
            reasons.add("TCP " + pr.port() + " " + pr.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (pr.detail() == null ? "" : " (" + pr.detail() + ")"));
        }
        for (HostResult.PortResult pr : udp) {
            reasons.add("UDP " + pr.port() + " " + (pr.state() == HostResult.PortState.REFUSED ? "closed"
                    : pr.state() == HostResult.PortState.NO_ANSWER ? "open or filtered"
                    : pr.state().name().toLowerCase(java.util.Locale.ROOT)) + " (" + pr.detail() + ")");
        }
        if (smb != null) {
            reasons.add(smb.smb1Detail() + (smbPort != null ? " on port " + smbPort.port() : ""));
        }
        if (smb2 != null) {
            reasons.add(smb2.detail());
        }
        if (smb != null && smb.ms17010() != SmbConversation.Check.NOT_RUN) {
            reasons.add(smb.ms17010Detail());
            reasons.add(smb.implantDetail());
        } else if (smb != null && Boolean.FALSE.equals(smb.smb1())) {
            reasons.add("MS17-010 not testable over the network: EternalBlue needs SMBv1, which this server refuses; "
                    + "its patch level is not visible from here");
        } else if (anyOpen && smb == null) {
            reasons.add("no SMB port (445/139) answered, so SMBv1, MS17-010 and DoublePulsar could not be checked");
        }
        return new HostResult(address, ports, udp, smb, smb2, verdict, reasons, (System.nanoTime() - start) / 1_000_000);
    }

    private SmbConversation.Smb2 smb2(InetAddress address, int port, long deadline) throws InterruptedException {
        Socket s = new Socket();
        try {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return new SmbConversation.Smb2(-1, "SMB2 NEGOTIATE not tried: time budget for this host used up");
            }
            HostResult.PortResult pr = connect(s, address, port, (int) Math.min(left, options.timeoutMillis()));
            if (pr.state() != HostResult.PortState.OPEN) {
                return new SmbConversation.Smb2(-1, "SMB2 NEGOTIATE: second connection " + pr.detail());
            }
            return SmbConversation.smb2(new DeadlineInput(s, options.timeoutMillis(), deadline), s.getOutputStream());
        } catch (IOException e) {
            return new SmbConversation.Smb2(-1, "SMB2 NEGOTIATE failed: " + e);
        } finally {
            closeQuietly(s);
        }
    }

    private HostResult.PortResult connect(Socket s, InetAddress address, int port) throws InterruptedException {
        return connect(s, address, port, options.timeoutMillis());
    }

    private HostResult.PortResult connect(Socket s, InetAddress address, int port, int timeout)
            throws InterruptedException {
        rate.acquire();
        connections.incrementAndGet();
        try {
            s.connect(new InetSocketAddress(address, port), timeout);
            return new HostResult.PortResult(port, HostResult.PortState.OPEN, null);
        } catch (SocketTimeoutException e) {
            return new HostResult.PortResult(port, HostResult.PortState.NO_ANSWER,
                    "no answer within " + timeout + " ms");
        } catch (NoRouteToHostException e) {
            return new HostResult.PortResult(port, HostResult.PortState.UNREACHABLE, "no route to host");
        } catch (ConnectException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("refused")) {
                return new HostResult.PortResult(port, HostResult.PortState.REFUSED, "connection refused");
            }
            return new HostResult.PortResult(port, m.contains("unreachable") || m.contains("No route")
                    ? HostResult.PortState.UNREACHABLE : HostResult.PortState.ERROR, m);
        } catch (IOException | RuntimeException e) {
            return new HostResult.PortResult(port, HostResult.PortState.ERROR, String.valueOf(e));
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do: the connection is gone either way
        }
    }
}
