/*
   ferret curated YARA rules: cryptocurrency miners (docs/threats.md#techniques: T1496 Resource Hijacking).

   Binary rules need an ELF or PE header, so documentation, man pages or scripts that merely
   talk about XMRig cannot match them. The *_Memory / *_Argument rules carry no header and no
   filesize bound on purpose: they are meant for process memory, where libyara leaves
   `filesize` undefined (yr_scanner_scan_proc) and offset 0 is not the program's header.
*/

rule Ferret_XMRig_Binary : miner linux windows
{
   meta:
      description = "XMRig or a renamed XMRig fork: executable with XMRig's option names, pool URL schemes and algorithm names"
      author = "ferret"
      reference = "docs/threats.md#case-1, case 3, case 5 (miner binaries); T1496 Resource Hijacking"
      date = "2026-11-22"
      score = 80
      mitre_attack = "T1496"
   strings:
      $id1 = "XMRig/" ascii
      $id2 = "xmrig.com" ascii
      $id3 = "XMRIG_" ascii

      $o1 = "donate-level" ascii
      $o2 = "randomx-1gb-pages" ascii
      $o3 = "cpu-max-threads-hint" ascii
      $o4 = "donate-over-proxy" ascii
      $o5 = "randomx-mode" ascii
      $o6 = "nicehash" ascii
      $o7 = "huge-pages-jit" ascii

      $p1 = "stratum+tcp://" ascii
      $p2 = "stratum+ssl://" ascii

      $a1 = "cryptonight" ascii
      $a2 = "RandomX" ascii
      $a3 = "argon2/chukwa" ascii
      $a4 = "rx/wow" ascii
   condition:
      ( uint32(0) == 0x464c457f or ( uint16(0) == 0x5a4d and uint32(uint32(0x3c)) == 0x00004550 ) )
      and filesize < 40MB
      and (
         ( 1 of ($id*) and 4 of ($o*, $p*, $a*) )
         or 7 of ($o*, $p*, $a*)
      )
}

rule Ferret_XMRig_Memory_Strings : miner memory
{
   meta:
      description = "XMRig option and config keys as NUL-terminated C strings (a loaded or dumped miner image, also renamed and stripped forks); text files cannot match"
      author = "ferret"
      reference = "docs/threats.md#case-1 (miner hidden from ps), case 5; T1496 Resource Hijacking"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1496"
   strings:
      $z1 = "donate-level\x00" ascii
      $z2 = "randomx-1gb-pages\x00" ascii
      $z3 = "cpu-max-threads-hint\x00" ascii
      $z4 = "donate-over-proxy\x00" ascii
      $z5 = "stratum+tcp://\x00" ascii
      $z6 = "randomx-mode\x00" ascii
      $z7 = "huge-pages-jit\x00" ascii
   condition:
      4 of them
}

rule Ferret_XMRStak_Binary : miner linux windows
{
   meta:
      description = "xmr-stak family miner executable (pool/wallet config keys and CryptoNight algorithm names)"
      author = "ferret"
      reference = "T1496 Resource Hijacking (XMRig clones / xmr-stak)"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1496"
   strings:
      $id1 = "xmr-stak" ascii
      $k1 = "pool_address" ascii
      $k2 = "wallet_address" ascii
      $k3 = "use_nicehash" ascii
      $k4 = "pool_password" ascii
      $k5 = "use_tls" ascii
      $k6 = "rig_id" ascii
      $a1 = "cryptonight" ascii
   condition:
      ( uint32(0) == 0x464c457f or ( uint16(0) == 0x5a4d and uint32(uint32(0x3c)) == 0x00004550 ) )
      and filesize < 40MB
      and $id1 and $a1 and 4 of ($k*)
}

rule Ferret_CPUMiner_Stratum_Binary : miner linux windows
{
   meta:
      description = "Generic CPU miner executable (cpuminer/minerd style): Stratum mining protocol methods plus a stratum URL or hash algorithm names"
      author = "ferret"
      reference = "T1496 Resource Hijacking (generic CPU miners)"
      date = "2026-11-22"
      score = 70
      mitre_attack = "T1496"
   strings:
      $m1 = "mining.subscribe" ascii
      $m2 = "mining.authorize" ascii
      $m3 = "mining.submit" ascii
      $m4 = "mining.notify" ascii
      $m5 = "mining.set_difficulty" ascii
      $p1 = "stratum+tcp://" ascii
      $h1 = "sha256d" ascii fullword
      $h2 = "scrypt" ascii fullword
      $h3 = "yescrypt" ascii fullword
      $h4 = "cryptonight" ascii
      $h5 = "hashrate" ascii nocase
   condition:
      ( uint32(0) == 0x464c457f or ( uint16(0) == 0x5a4d and uint32(uint32(0x3c)) == 0x00004550 ) )
      and filesize < 40MB
      and 3 of ($m*)
      and ( $p1 or 2 of ($h*) )
}

rule Ferret_Monero_Wallet_Miner_Argument : miner memory
{
   meta:
      description = "Monero wallet address given as a miner's -u/--user argument (space, '=' or NUL separated): executables with a built-in command line, launch scripts, and process memory (argv)"
      author = "ferret"
      reference = "docs/threats.md#techniques: miner command lines (-o pool:port, Monero wallet strings); T1496"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1496"
   strings:
      $a1 = /-u[ =\x00][48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}/ ascii
      $a2 = /--user[ =\x00][48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}/ ascii
   condition:
      any of them
}
