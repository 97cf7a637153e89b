/*
   ferret curated YARA rules: cryptocurrency miner configuration files (T1496).
   Miner kits drop a config.json next to a renamed binary, often in a hidden or temp dir.
   Every rule needs keys that only miners use; "pools" or "url" alone are ordinary JSON.
*/

rule Ferret_XMRig_Config : miner config
{
   meta:
      description = "XMRig-style JSON config: a \"pools\" list plus XMRig-only keys (donate-level, rig-id, randomx, ...) and a pool url with a port or a Monero wallet as user"
      author = "ferret"
      reference = "docs/threats.md#case-3 (miner kit in /root/.bashtemp), techniques T1496 (--donate-level, wallets)"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1496"
   strings:
      // keys as JSON keys (followed by ':'), so prose that quotes them does not count
      $pools = /"pools"[ \t\r\n]{0,8}:[ \t\r\n]{0,8}\[/ ascii

      $k1 = /"donate-level"[ \t]{0,4}:/ ascii
      $k2 = /"rig-id"[ \t]{0,4}:/ ascii
      $k3 = /"randomx"[ \t]{0,4}:/ ascii
      $k4 = /"nicehash"[ \t]{0,4}:/ ascii
      $k5 = /"donate-over-proxy"[ \t]{0,4}:/ ascii
      $k6 = /"max-threads-hint"[ \t]{0,4}:/ ascii
      $k7 = /"huge-pages"[ \t]{0,4}:/ ascii
      $k8 = /"1gb-pages"[ \t]{0,4}:/ ascii

      $url = /"url"[ \t]{0,4}:[ \t]{0,4}"(stratum\+(tcp|ssl|tls):\/\/)?[a-zA-Z0-9.-]{3,100}:[0-9]{2,5}"/ ascii
      $wallet = /"user"[ \t]{0,4}:[ \t]{0,4}"[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}/ ascii
   condition:
      filesize < 256KB
      and $pools
      and (
         ( 1 of ($k*) and ( $url or $wallet ) )
         or 3 of ($k*)
      )
}

rule Ferret_XMRStak_Config : miner config
{
   meta:
      description = "xmr-stak style pools/config file: pool_list with pool_address and wallet_address"
      author = "ferret"
      reference = "T1496 Resource Hijacking (xmr-stak pools.txt / config.txt)"
      date = "2026-11-22"
      score = 70
      mitre_attack = "T1496"
   strings:
      $l = /"pool_list"[ \t]{0,4}:/ ascii
      $a = /"pool_address"[ \t]{0,4}:/ ascii
      $w = /"wallet_address"[ \t]{0,4}:/ ascii
      $k1 = /"rig_id"[ \t]{0,4}:/ ascii
      $k2 = /"use_nicehash"[ \t]{0,4}:/ ascii
      $k3 = /"pool_weight"[ \t]{0,4}:/ ascii
      $k4 = /"currency"[ \t]{0,4}:/ ascii
   condition:
      filesize < 256KB
      and $l and $a and $w and 1 of ($k*)
}

rule Ferret_Miner_Config_Stratum : miner config
{
   meta:
      description = "Miner config (any miner) naming a stratum pool URL together with a Monero wallet or the user/pass/algo keys of cpuminer-style configs"
      author = "ferret"
      reference = "docs/threats.md#techniques: stratum+tcp:// pool URLs, Monero wallets; T1496"
      date = "2026-11-22"
      score = 70
      mitre_attack = "T1496"
   strings:
      $s = /stratum\+(tcp|ssl|tls):\/\/[a-zA-Z0-9.-]{3,100}:[0-9]{2,5}/ ascii
      $w = /"(user|wallet|login|username)"[ \t]{0,4}:[ \t]{0,4}"[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}/ ascii
      $k1 = /"algo"[ \t]{0,4}:/ ascii
      $k2 = /"pass"[ \t]{0,4}:/ ascii
      $k3 = /"user"[ \t]{0,4}:/ ascii
      $k4 = /"threads"[ \t]{0,4}:/ ascii
      $k5 = /"coin"[ \t]{0,4}:/ ascii
   condition:
      filesize < 256KB
      and $s
      and ( $w or 3 of ($k*) )
}
