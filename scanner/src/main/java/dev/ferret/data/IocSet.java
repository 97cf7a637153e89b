package dev.ferret.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Indicators of compromise: hashes, addresses and ranges, domains, pool ports, file-name patterns.
 * Loaded from community-format files; malformed lines are collected as problems with their line number,
 * never matched loosely (a 31-digit MD5 is rejected, not used as a prefix).
 */
public final class IocSet {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern SSH_FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\\.)+[a-z][a-z0-9-]{0,62}");

    private final Map<String, Ioc> hashes = new HashMap<>();
    private final Map<String, Ioc> addresses = new HashMap<>();
    private final List<Map.Entry<IpRange, Ioc>> ranges = new ArrayList<>();
    private final Map<String, Ioc> domains = new HashMap<>();
    private final Map<Integer, Ioc> poolPorts = new HashMap<>();
    private final List<WeightedPattern> fileNames = new ArrayList<>();
    private final Map<String, Ioc> sshKeys = new HashMap<>();
    private volatile PatternIndex fileNameIndex;
    private final List<String> problems = new ArrayList<>();
    /** Unusable lines of the file being added: the first few are listed, the rest counted in one line. */
    private final List<String> pending = new ArrayList<>();
    private long pendingCount;
    /** Hash-shaped values in a file whose name does not say "hash", per file. */
    private final Map<String, Long> hashesInNetworkLists = new java.util.LinkedHashMap<>();

    /** Unusable lines listed per file; a million bad lines are one summary, not a million warnings. */
    static final int LISTED_PER_FILE = 10;

    /** Lines that could not be used, each "file:line: problem: 'text'", at most a few per file plus a count. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private void problem(String message) {
        if (++pendingCount <= LISTED_PER_FILE) {
            pending.add(message);
        }
    }

    private void flushProblems(List<DataLine> lines) {
        problems.addAll(pending);
        if (pendingCount > LISTED_PER_FILE) {
            problems.add(lines.get(0).source() + ": " + (pendingCount - LISTED_PER_FILE) + " more unusable lines ("
                    + pendingCount + " in all) not listed");
        }
        pending.clear();
        pendingCount = 0;
    }

    /** Adds {@code hash;description} lines (MD5, SHA-1 or SHA-256). */
    public void addHashes(List<DataLine> lines) {
        for (DataLine line : lines) {
            String[] f = line.text().split(";", 2);
            String value = f[0].strip();
            if (!HEX.matcher(value).matches()) {
                problem(new MalformedDataException(line, "hash is not hexadecimal").getMessage());
            } else if (value.length() != 32 && value.length() != 40 && value.length() != 64) {
                problem(new MalformedDataException(line, "hash has " + value.length()
                        + " hex digits (MD5 has 32, SHA-1 40, SHA-256 64)").getMessage());
            } else {
                hashes.put(value.toLowerCase(Locale.ROOT), ioc(line, value, f));
            }
        }
        flushProblems(lines);
    }

    /** Adds {@code value[;description]} lines holding IPs, CIDR ranges or domain names (C2 and pool lists). */
    public void addNetwork(List<DataLine> lines) {
        for (DataLine line : lines) {
            String[] f = line.text().split(";", 2);
            String value = f[0].strip();
            IpRange range = IpRange.parse(value);
            if (range != null) {
                Ioc ioc = ioc(line, value, f);
                if (range.singleAddress()) {
                    addresses.put(normalise(value.replaceFirst("/\\d+$", "")), ioc);
                } else {
                    ranges.add(Map.entry(range, ioc));
                }
            } else if (DOMAIN.matcher(value).matches()) {
                domains.put(value.toLowerCase(Locale.ROOT), ioc(line, value, f));
            } else if (HEX.matcher(value).matches() && (value.length() == 32 || value.length() == 40
                    || value.length() == 64)) {
                // a hash list whose file name lacks "hash": used as hashes, said once per file
                hashes.put(value.toLowerCase(Locale.ROOT), ioc(line, value, f));
                hashesInNetworkLists.merge(line.source(), 1L, Long::sum);
            } else {
                problem(new MalformedDataException(line, "neither an IP address, a CIDR range nor a domain")
                        .getMessage());
            }
        }
        flushProblems(lines);
        hashesInNetworkLists.forEach((source, n) -> problems.add(source + ": " + n + " hash" + (n == 1 ? "" : "es")
                + " in a file whose name does not say \"hash\": used as hashes"));
        hashesInNetworkLists.clear();
    }

    /** Adds {@code port;description} lines. */
    public void addPoolPorts(List<DataLine> lines) {
        for (DataLine line : lines) {
            String[] f = line.text().split(";", 2);
            try {
                int port = Integer.parseInt(f[0].strip());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                poolPorts.put(port, ioc(line, f[0].strip(), f));
            } catch (NumberFormatException e) {
                problem(new MalformedDataException(line, "not a port number").getMessage());
            }
        }
        flushProblems(lines);
    }

    /** Adds {@code regex;score[;false-positive-regex]} file-name lines. */
    public void addFileNames(List<DataLine> lines) {
        List<String> found = new ArrayList<>();
        fileNames.addAll(WeightedPatterns.parse(lines, true, found).all());
        found.forEach(this::problem);
        flushProblems(lines);
        fileNameIndex = null;
    }

    /** Adds {@code SHA256:<base64>[;description]} lines: SSH key fingerprints as ssh-keygen -lf prints them. */
    public void addSshKeys(List<DataLine> lines) {
        for (DataLine line : lines) {
            String[] f = line.text().split(";", 2);
            String value = f[0].strip();
            if (!SSH_FINGERPRINT.matcher(value).matches()) {
                problem(new MalformedDataException(line, "not an SSH key fingerprint of the form SHA256:<43 base64 "
                        + "characters> (ssh-keygen -lf)").getMessage());
            } else {
                sshKeys.put(value, ioc(line, value, f));
            }
        }
        flushProblems(lines);
    }

    /** A listed attacker key for this "SHA256:..." fingerprint (case matters in base64). */
    public Optional<Ioc> sshKey(String fingerprint) {
        return fingerprint == null ? Optional.empty() : Optional.ofNullable(sshKeys.get(fingerprint.strip()));
    }

    public Optional<Ioc> hash(String hex) {
        return hex == null ? Optional.empty() : Optional.ofNullable(hashes.get(hex.toLowerCase(Locale.ROOT)));
    }

    /** An IOC for this address literal: exact or within a listed range. */
    public Optional<Ioc> address(String ip) {
        if (ip == null) {
            return Optional.empty();
        }
        Ioc exact = addresses.get(normalise(ip));
        if (exact != null) {
            return Optional.of(exact);
        }
        byte[] bytes = IpLiteral.bytes(ip);
        if (bytes == null) {
            return Optional.empty();
        }
        return ranges.stream().filter(e -> e.getKey().contains(bytes)).map(Map.Entry::getValue).findFirst();
    }

    /** An IOC for this domain or any parent domain (pool.supportxmr.com matches supportxmr.com). */
    public Optional<Ioc> domain(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String d = name.toLowerCase(Locale.ROOT);
        while (true) {
            Ioc ioc = domains.get(d);
            if (ioc != null) {
                return Optional.of(ioc);
            }
            int dot = d.indexOf('.');
            if (dot < 0 || d.indexOf('.', dot + 1) < 0) {
                return Optional.empty();
            }
            d = d.substring(dot + 1);
        }
    }

    /** True when some listed hash is a SHA-1 (the sweep computes SHA-1 only then). */
    public boolean hasSha1() {
        return hashes.keySet().stream().anyMatch(h -> h.length() == 40);
    }

    public Optional<Ioc> poolPort(int port) {
        return Optional.ofNullable(poolPorts.get(port));
    }

    public List<WeightedPattern> fileNameMatches(String path) {
        PatternIndex index = fileNameIndex;
        if (index == null) {
            synchronized (this) {
                if (fileNameIndex == null) {
                    fileNameIndex = new PatternIndex(fileNames);
                }
                index = fileNameIndex;
            }
        }
        return index.matching(path);
    }

    /** Every listed domain, for searching command lines and configs. */
    public java.util.Set<String> domains() {
        return java.util.Set.copyOf(domains.keySet());
    }

    public int size() {
        return hashes.size() + addresses.size() + ranges.size() + domains.size() + poolPorts.size() + fileNames.size()
                + sshKeys.size();
    }

    public Map<String, Integer> counts() {
        return Map.of("hashes", hashes.size(), "addresses", addresses.size() + ranges.size(),
                "domains", domains.size(), "pool_ports", poolPorts.size(), "file_names", fileNames.size(),
                "ssh_keys", sshKeys.size());
    }

    private static Ioc ioc(DataLine line, String value, String[] fields) {
        String description = fields.length > 1 && !fields[1].isBlank() ? fields[1].strip() : line.comment();
        return new Ioc(value, description, line.where());
    }

    private static String normalise(String ip) {
        byte[] b = IpLiteral.bytes(ip);
        if (b == null) {
            return ip;
        }
        try {
            return java.net.InetAddress.getByAddress(b).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return ip;
        }
    }
}
