/*
   ferret curated YARA rules: persistence scripts and configs
   (T1546.004 shell config / profile.d, T1053.003 cron, T1543 supervisord, T1098.004 SSH keys).
   Text rules, bounded by filesize. Ferret_Supervisord_Config_In_Hidden_Dir needs the `filepath`
   external (full path of the scanned file); with filepath = "" it never matches.
*/

rule Ferret_Copy_Run_Delete_Script : persistence linux
{
   meta:
      description = "Script that copies a hidden file into a temp dir, runs the copy and deletes it, so the running program leaves no file behind (profile.d / cron loader)"
      author = "ferret"
      reference = "docs/threats.md#case-1 (/etc/profile.d/php.sh and the cron job copying /etc/.sh to /tmp); T1546.004, T1070.004"
      date = "2026-11-22"
      score = 80
      mitre_attack = "T1546.004"
   strings:
      $cp1 = /cp[ \t](-[a-zA-Z]{1,4}[ \t]{1,3}){0,2}[^\s;|&]{0,120}\/\.[a-zA-Z0-9_.-]{1,40}[ \t]{1,4}["']?\/(tmp|var\/tmp|dev\/shm)\// ascii
      $cp2 = /cp[ \t](-[a-zA-Z]{1,4}[ \t]{1,3}){0,2}[^\s;|&]{1,120}[ \t]{1,4}["']?\/(tmp|var\/tmp|dev\/shm)\/\.[a-zA-Z0-9_]/ ascii
      $run1 = /\n[ \t]{0,8}(nohup[ \t]{1,3}|exec[ \t]{1,3}|setsid[ \t]{1,3}|(ba)?sh[ \t]{1,3})?\/(tmp|var\/tmp|dev\/shm)\/[^\s\/;|&]{1,60}/ ascii
      $run2 = /(;|&&|\|\|)[ \t]{0,3}(nohup[ \t]{1,3}|exec[ \t]{1,3}|setsid[ \t]{1,3}|(ba)?sh[ \t]{1,3})?\/(tmp|var\/tmp|dev\/shm)\/[^\s\/;|&]{1,60}/ ascii
      $rm = /rm[ \t](-[a-zA-Z]{1,3}[ \t]{1,3}){0,2}["']?\/(tmp|var\/tmp|dev\/shm)\/[^\s\/;|&]{1,60}/ ascii
   condition:
      filesize < 64KB
      and not uint32(0) == 0x464c457f
      and 1 of ($cp*) and 1 of ($run*) and $rm
}

rule Ferret_Supervisord_Program_Hidden_Path : persistence supervisord linux
{
   meta:
      description = "supervisord [program:] whose command runs from a temp dir, a hidden path in a system dir, or a bare file directly in /etc"
      author = "ferret"
      reference = "docs/threats.md#case-1 (/etc/.supervisor/conf.d/123.conf runs /etc/spts); T1543 Create or Modify System Process"
      date = "2026-11-22"
      score = 80
      mitre_attack = "T1543"
   strings:
      $prog = "[program:" ascii
      $c1 = /\ncommand[ \t]{0,4}=[ \t]{0,4}(nohup[ \t]{1,3}|exec[ \t]{1,3})?\/(tmp|var\/tmp|dev\/shm)\// ascii
      $c2 = /\ncommand[ \t]{0,4}=[ \t]{0,4}\/etc\/\.?[a-zA-Z0-9_.-]{1,40}[ \t\r\n]/ ascii
      $c3 = /\ncommand[ \t]{0,4}=[ \t]{0,4}\/(usr\/)?(s?bin|lib|lib64|etc)\/([a-zA-Z0-9_.-]{1,40}\/){0,4}\.[a-zA-Z0-9_]/ ascii
   condition:
      filesize < 64KB
      and $prog and 1 of ($c*)
}

rule Ferret_Supervisord_Hidden_Config_Launch : persistence supervisord linux
{
   meta:
      description = "supervisord started with a configuration file in a hidden directory (from a profile.d script, cron or rc file)"
      author = "ferret"
      reference = "docs/threats.md#case-1 (/etc/profile.d/supervisor.sh -> /etc/.supervisor/supervisord.conf); T1546.004, T1543"
      date = "2026-11-22"
      score = 80
      mitre_attack = "T1546.004"
   strings:
      $s = /supervisord[^\n]{0,60}[ \t](-c|--configuration)[ \t=]{1,3}["']?[^\s"']{0,80}\/\.[a-zA-Z0-9_]/ ascii
   condition:
      filesize < 256KB
      and not uint32(0) == 0x464c457f
      and $s
}

rule Ferret_Supervisord_Config_In_Hidden_Dir : persistence supervisord linux
{
   meta:
      description = "supervisord main configuration stored under a hidden (dot) path; needs the filepath external"
      author = "ferret"
      reference = "docs/threats.md#case-1 (/etc/.supervisor/supervisord.conf including conf.d/*.conf); T1564.001 Hidden Files and Directories"
      date = "2026-11-22"
      score = 70
      mitre_attack = "T1564.001"
   strings:
      $sup = "[supervisord]" ascii
      $inc = "[include]" ascii
      $prog = "[program:" ascii
   condition:
      filesize < 64KB
      and $sup and ( $inc or $prog )
      and filepath contains "/."
}

rule Ferret_SSH_Key_Injector_Script : persistence ssh linux
{
   meta:
      description = "Script appending a literal SSH public key to root's or a user's authorized_keys (password-less return access)"
      author = "ferret"
      reference = "docs/threats.md#case-3 (attacker added an authorized_keys trust); T1098.004 SSH Authorized Keys"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1098.004"
   strings:
      $k = /(echo|printf)[ \t]{1,4}(-[ne]{1,2}[ \t]{1,4})?["']?(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp[0-9]{3}) AAAA[A-Za-z0-9+\/]{60,1000}={0,2}[^\n]{0,200}>>?[ \t]{0,4}["']?(\/root|~|\$HOME|\/home\/[a-z_][a-z0-9_-]{0,31})\/\.ssh\/authorized_keys/ ascii
   condition:
      filesize < 1MB
      and not uint32(0) == 0x464c457f
      and $k
}

rule Ferret_Cron_Exec_Hidden_Path : persistence cron linux
{
   meta:
      description = "Cron entry whose command runs a hidden file or a program in a hidden dir of /root, /etc or a temp dir"
      author = "ferret"
      reference = "docs/threats.md#case-3 (cron jobs running /root/.bashtemp), case 1 (cron running /etc/.sh); T1053.003"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1053.003"
   strings:
      $c = /(\* \* \* \*|@reboot|@hourly)[ \t]{1,8}(root[ \t]{1,8})?(nohup[ \t]{1,3}|exec[ \t]{1,3}|(\/bin\/)?(ba)?sh[ \t]{1,3})?\/(root|etc|tmp|var\/tmp|dev\/shm)\/([a-zA-Z0-9_-]{1,30}\/){0,2}\.[a-zA-Z0-9_]/ ascii
   condition:
      filesize < 256KB
      and not uint32(0) == 0x464c457f
      and $c
}
