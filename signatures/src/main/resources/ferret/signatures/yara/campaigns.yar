/*
   ferret curated YARA rules: behaviours shared by Linux cryptojacking campaigns (Kinsing/H2Miner, TeamTNT,
   WatchDog, Rocke/8220, Sysrv-hello, Outlaw, SystemdMiner, DDG) as their install scripts show them.
   Written from the published descriptions of those campaigns, not from their scripts. Text rules: bounded by
   filesize, ELF excluded; each needs a combination of acts, never one word an admin script or a doc could carry.
*/

rule Ferret_Campaign_Cloud_Agent_Removal : dropper linux
{
   meta:
      description = "Script removing the host monitoring or security agents of cloud providers (Alibaba Cloud Aegis/CloudMonitor, Tencent qcloud/YunJing, Huawei/BCM agents): two different agents stopped, uninstalled or deleted"
      author = "ferret"
      reference = "public analyses of Kinsing, TeamTNT, Rocke/8220 and WatchDog install scripts; T1562.001 Disable or Modify Tools"
      date = "2026-12-05"
      score = 80
      mitre_attack = "T1562.001"
   strings:
      $aegis1 = /(rm|uninstall)[^\n]{0,40}\/usr\/local\/aegis/ ascii
      $aegis2 = /(pkill|killall|kill)[^\n]{0,20}(AliYunDun|aliyun-service|AliHids|AliYunDunUpdate|aegis_cli)/ ascii
      $aegis3 = /aegis_update[^\n]{0,80}uninstall/ ascii
      $cms1 = /(\/etc\/init\.d\/|systemctl[ \t]{1,3}(stop|disable)[ \t]{1,3}|service[ \t]{1,3})cloudmonitor/ ascii
      $cms2 = /rm[^\n]{0,20}\/usr\/local\/cloudmonitor/ ascii
      $qc1 = /\/usr\/local\/qcloud\/(stargate|monitor|YunJing)\/[^\n]{0,40}(uninst|stop|remove)/ ascii
      $qc2 = /rm[^\n]{0,20}\/usr\/local\/qcloud/ ascii
      $qc3 = /(pkill|killall|kill)[^\n]{0,20}(YDService|YDLive|sgagent|barad_agent)/ ascii
      $hw1 = /(\/usr\/local\/uniagent|hostguard|\/usr\/local\/hostguard)[^\n]{0,60}(uninstall|stop|rm )/ ascii
      $bcm = /(rm|pkill|kill)[^\n]{0,30}(bcm-agent|\/opt\/bcm|\/opt\/avalon)/ ascii
   condition:
      filesize < 2MB
      and not uint32(0) == 0x464c457f
      and (
         ( 1 of ($aegis*) and 1 of ($cms*, $qc*, $hw1, $bcm) )
         or ( 1 of ($cms*) and 1 of ($qc*, $hw1, $bcm) )
         or ( 1 of ($qc*) and 1 of ($hw1, $bcm) )
         or 2 of ($aegis*)
         or 2 of ($qc*)
      )
}

rule Ferret_Campaign_Defenses_Off_Silently : dropper linux
{
   meta:
      description = "Script switching off SELinux, the firewall and the NMI watchdog or AppArmor in a row, each with its errors thrown away, the way miner droppers prepare a host"
      author = "ferret"
      reference = "public analyses of Kinsing/H2Miner, WatchDog, Sysrv-hello droppers; T1562.001, T1562.004 Disable or Modify System Firewall"
      date = "2026-12-05"
      score = 70
      mitre_attack = "T1562.004"
   strings:
      $s1 = /setenforce[ \t]{1,3}0[ \t]{0,3}(2>\/dev\/null|>\/dev\/null 2>&1|2>&1 >\/dev\/null|&>\/dev\/null)/ ascii
      $s2 = /SELINUX=disabled[^\n]{0,80}(2>\/dev\/null|>\/dev\/null 2>&1|&>\/dev\/null)/ ascii
      $f1 = /ufw[ \t]{1,3}disable[ \t]{0,3}(2>\/dev\/null|>\/dev\/null 2>&1|&>\/dev\/null)/ ascii
      $f2 = /(iptables[ \t]{1,3}(-F|--flush|-P[ \t]{1,3}INPUT[ \t]{1,3}ACCEPT)|systemctl[ \t]{1,3}(stop|disable)[ \t]{1,3}firewalld|service[ \t]{1,3}iptables[ \t]{1,3}stop)[ \t]{0,3}(2>\/dev\/null|>\/dev\/null 2>&1|&>\/dev\/null)/ ascii
      $w1 = /(echo[ \t]{1,3}0[ \t]{0,2}>[ \t]{0,2}\/proc\/sys\/kernel\/nmi_watchdog|kernel\.nmi_watchdog[ \t]{0,2}=[ \t]{0,2}0)/ ascii
      $w2 = /(systemctl[ \t]{1,3}(stop|disable)[ \t]{1,3}apparmor|service[ \t]{1,3}apparmor[ \t]{1,3}stop)[ \t]{0,3}(2>\/dev\/null|>\/dev\/null 2>&1|&>\/dev\/null)/ ascii
   condition:
      filesize < 1MB
      and not uint32(0) == 0x464c457f
      and 1 of ($s*) and 1 of ($f*) and 1 of ($w*)
}

rule Ferret_Campaign_History_And_Log_Wipe : dropper linux
{
   meta:
      description = "Script erasing its traces in three different ways: shell history switched off or cleared, login records (wtmp/btmp/lastlog) or auth logs emptied, mail spool or journal wiped"
      author = "ferret"
      reference = "public analyses of TeamTNT, Outlaw and Rocke scripts; T1070.002 Clear Linux Logs, T1070.003 Clear Command History"
      date = "2026-12-05"
      score = 70
      mitre_attack = "T1070.003"
   strings:
      $h1 = "history -c" ascii
      $h2 = /(unset[ \t]{1,3}HISTFILE|HISTFILE=\/dev\/null|HISTSIZE=0|HISTFILESIZE=0)/ ascii
      $h3 = /(rm[ \t]{1,3}-[rf]{1,2}|cat[ \t]{1,3}\/dev\/null[ \t]{0,2}>|>)[ \t]{0,3}(~|\/root|\$HOME|\/home\/[^\/\n]{1,32})\/\.bash_history/ ascii
      $h4 = /ln[ \t]{1,3}-sf?[ \t]{1,3}\/dev\/null[ \t]{1,3}[^\n]{0,20}\.bash_history/ ascii
      $l1 = /(rm[ \t]{1,3}-[rf]{1,2}|cat[ \t]{1,3}\/dev\/null[ \t]{0,2}>|echo[ \t]{0,3}(""|'')?[ \t]{0,2}>|:[ \t]{0,2}>|>)[ \t]{0,3}\/var\/log\/(wtmp|btmp|lastlog|utmp)/ ascii
      $l2 = /(rm[ \t]{1,3}-[rf]{1,2}|cat[ \t]{1,3}\/dev\/null[ \t]{0,2}>|echo[ \t]{0,3}(""|'')?[ \t]{0,2}>|:[ \t]{0,2}>|>)[ \t]{0,3}\/var\/log\/(secure|auth\.log|messages|syslog|cron)\b/ ascii
      $l3 = /(rm[ \t]{1,3}-[rf]{1,2}|cat[ \t]{1,3}\/dev\/null[ \t]{0,2}>|>)[ \t]{0,3}\/var\/spool\/mail\/root/ ascii
      $l4 = /journalctl[ \t]{1,3}--vacuum-(time|size)=[0-9]{1,3}[sm]?\b/ ascii
      $l5 = /sed[ \t]{1,3}-i[ \t]{1,3}[^\n]{0,60}\/d['"]?[ \t]{1,3}\/var\/log\/(secure|auth\.log|messages|wtmp)/ ascii
   condition:
      filesize < 1MB
      and not uint32(0) == 0x464c457f
      and 1 of ($h*) and 2 of ($l*)
}

rule Ferret_Campaign_SSH_Lateral_Spread : dropper worm linux
{
   meta:
      description = "Script spreading over SSH with what it harvests: hosts from known_hosts/.bash_history/.ssh/config, keys from id_rsa*/id_* files, then ssh without host-key checks running a download-and-run"
      author = "ferret"
      reference = "public analyses of Kinsing/H2Miner, TeamTNT, Outlaw and Sysrv-hello spreaders; T1021.004 Remote Services: SSH, T1552.004 Private Keys"
      date = "2026-12-05"
      score = 85
      mitre_attack = "T1021.004"
   strings:
      $hosts1 = /\.ssh\/known_hosts[^\n]{0,80}(awk|cut|grep|sed)/ ascii
      $hosts2 = /(grep|awk)[^\n]{0,60}(ssh|scp)[^\n]{0,60}\.bash_history/ ascii
      $hosts3 = /(grep|awk)[^\n]{0,40}(HostName|IdentityFile)[^\n]{0,40}\.ssh\/config/ ascii
      $keys1 = /find[ \t][^\n]{0,80}-name[ \t]{1,3}["']?(id_\*|id_rsa\*?|\*\.pem)/ ascii
      $keys2 = /(cat|ls)[ \t][^\n]{0,40}\.ssh\/id_[^\n]{0,60}(grep|awk|xargs|for|while)/ ascii
      $keys3 = /IdentityFile[^\n]{0,80}(awk|sed|cut)/ ascii
      $ssh = /ssh[ \t][^\n]{0,120}StrictHostKeyChecking=no[^\n]{0,240}(curl|wget|\/dev\/tcp|\| ?(ba)?sh|base64)/ ascii
   condition:
      filesize < 2MB
      and not uint32(0) == 0x464c457f
      and $ssh and 1 of ($hosts*) and 1 of ($keys*)
}

rule Ferret_Campaign_Mass_Scanner_For_Exposed_Services : dropper scanner linux
{
   meta:
      description = "Script running an internet-wide scanner (masscan, pnscan, zmap, zgrab) against the ports of exposed Docker, Redis, Kubelet or Hadoop APIs and feeding the hits to an exploit step"
      author = "ferret"
      reference = "public analyses of TeamTNT, Kinsing, WatchDog and Sysrv-hello spreaders; T1046 Network Service Discovery, T1595.001"
      date = "2026-12-05"
      score = 80
      mitre_attack = "T1046"
   strings:
      $scan = /\b(masscan|pnscan|zmap|zgrab2?)\b[^\n]{0,200}(2375|2376|6379|10250|8088|2379)\b/ ascii
      $rate = /(--rate|--max-rate|-r)[ \t=]{1,3}[0-9]{4,7}\b/ ascii
      $use1 = /redis-cli[^\n]{0,80}-h[ \t]/ ascii
      $use2 = /docker[ \t]{1,3}-H[ \t]{1,3}(tcp:\/\/)?\$/ ascii
      $use3 = /(curl|wget)[^\n]{0,120}:(2375|2376)\/(v[0-9.]{1,6}\/)?containers/ ascii
      $use4 = /(curl|wget)[^\n]{0,120}:10250\/(run|exec|pods)/ ascii
      $use5 = /(while[ \t]{1,3}read|for[ \t]{1,3}[a-z_]{1,20}[ \t]{1,3}in[ \t]{1,3}\$\(cat)/ ascii
   condition:
      filesize < 2MB
      and not uint32(0) == 0x464c457f
      and $scan and ( $rate or $use5 ) and 1 of ($use1, $use2, $use3, $use4)
}

rule Ferret_Campaign_Docker_API_Abuse : dropper container linux
{
   meta:
      description = "Script using an exposed Docker API on another host (docker -H tcp://..., or POST /containers/create) to start a privileged or host-root-mounting container that runs a download"
      author = "ferret"
      reference = "public analyses of TeamTNT, Kinsing and WatchDog Docker campaigns; T1610 Deploy Container, T1611 Escape to Host"
      date = "2026-12-05"
      score = 85
      mitre_attack = "T1610"
   strings:
      $cli = /docker[ \t]{1,3}-H[ \t]{1,3}(tcp:\/\/)?[^\s]{1,80}[ \t]{1,3}run[^\n]{0,200}(--privileged|-v[ \t]{1,3}\/:\/|--pid[ =]host|--net[ =]host)[^\n]{0,300}(curl|wget|\/dev\/tcp|base64|chroot)/ ascii
      $api = /(curl|wget)[^\n]{0,160}\/containers\/create[^\n]{0,400}("Privileged"[ \t]{0,2}:[ \t]{0,2}true|"Binds"[ \t]{0,2}:[ \t]{0,2}\[[ \t]{0,2}"\/:\/|"PidMode"[ \t]{0,2}:[ \t]{0,2}"host")/ ascii
      $start = /(curl|wget)[^\n]{0,160}\/containers\/[^\n\/]{1,80}\/(start|exec)/ ascii
      $cmd = /"Cmd"[ \t]{0,2}:[^\n]{0,200}(curl|wget|base64|chroot)/ ascii
   condition:
      filesize < 2MB
      and not uint32(0) == 0x464c457f
      and ( $cli or ( $api and ( $start or $cmd ) ) )
}

rule Ferret_Campaign_Redis_Config_Write : dropper linux
{
   meta:
      description = "Script abusing an unauthenticated Redis server: CONFIG SET dir to a cron or .ssh folder, CONFIG SET dbfilename, then SAVE, to drop a cron line or a key on that host"
      author = "ferret"
      reference = "public analyses of Kinsing/H2Miner, WatchDog, Sysrv-hello and TeamTNT Redis spreaders; T1190 Exploit Public-Facing Application, T1053.003"
      date = "2026-12-05"
      score = 85
      mitre_attack = "T1190"
   strings:
      $dir = /config[ \t]{1,3}set[ \t]{1,3}dir[ \t]{1,3}["']?(\/var\/spool\/cron(\/crontabs)?|\/etc\/cron\.d|\/etc|\/root\/\.ssh|\/var\/spool\/cron\/?)["']?/ ascii nocase
      $db = /config[ \t]{1,3}set[ \t]{1,3}dbfilename[ \t]{1,3}["']?(root|authorized_keys|crontab|[a-z0-9]{1,16})["']?/ ascii nocase
      $save = /\b(save|bgsave)\b/ ascii nocase
      $payload = /set[ \t]{1,3}[^\n]{1,40}(\*\/[0-9]{1,2}|\* \* \* \*|ssh-rsa|ssh-ed25519)/ ascii nocase
   condition:
      filesize < 2MB
      and not uint32(0) == 0x464c457f
      and $dir and $db and $save and $payload
}

rule Ferret_Shell_Startup_Abuse : persistence linux
{
   meta:
      description = "Shell rc/profile content abusing every login: ps/netstat/ls/top/ss/lsof aliased through grep -v to hide things, PROMPT_COMMAND or a background line running a hidden or temp-dir file or a download, LD_PRELOAD set to a temp or hidden library, or trap blocking Ctrl-C/Ctrl-Z around such a line"
      author = "ferret"
      reference = "public analyses of Outlaw, TeamTNT and WatchDog persistence in .bashrc/.profile; T1546.004 Unix Shell Configuration Modification, T1564"
      date = "2026-12-05"
      score = 80
      mitre_attack = "T1546.004"
   strings:
      $alias = /alias[ \t]{1,3}(ps|netstat|ls|top|ss|lsof|htop)=["'][^"'\n]{0,80}\|[ \t]{0,2}e?grep[ \t]{1,3}-v[a-zA-Z]{0,3}[ \t]/ ascii
      $prompt = /PROMPT_COMMAND=["']?[^\n]{0,80}(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|\/\.[^\/\s"';]{1,40}\/|\/\.[^\/\s"';]{1,40}[ \t;"'&]|curl[ \t]|wget[ \t]|\/dev\/tcp\/|base64)/ ascii
      $preload = /(export[ \t]{1,3})?LD_PRELOAD=["']?(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|[^\s"']{0,80}\/\.[^\/\s"']{1,40}\/)/ ascii
      $bg = /(^|\n)[ \t]{0,8}(nohup[ \t]{1,3})?(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/|(~|\$HOME|\/root|\/home\/[^\/\s]{1,32})\/\.)[^\s]{1,80}[ \t]{0,3}(>[ \t]{0,2}\/dev\/null[ \t]{0,2}(2>&1[ \t]{0,2})?)?&/ ascii
      $trap = /trap[ \t]{1,3}(''|"")[ \t]{1,3}((INT|QUIT|TSTP|HUP|TERM|SIGINT|SIGQUIT|SIGTSTP|1|2|3|15|20)[ \t]{0,2}){2,6}/ ascii
      $tmprun = /(^|\n)[ \t]{0,8}(nohup[ \t]{1,3}|exec[ \t]{1,3}|sh[ \t]{1,3}|bash[ \t]{1,3})?(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)[^\s]{1,80}/ ascii
   condition:
      filesize < 256KB
      and not uint32(0) == 0x464c457f
      and (
         1 of ($alias, $prompt, $preload)
         // a background start or a trap is ordinary in scripts: only in a start-up file it runs at every login
         or ( ( filename matches /(bashrc|profile|zshrc|bash_login|zprofile|kshrc)$/ or filepath matches /\/etc\/profile\.d\// )
              and ( $bg or ( $trap and $tmprun ) ) )
      )
}
