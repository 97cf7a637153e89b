/*
   ferret curated YARA rules: LD_PRELOAD user-land rootkits that hide processes
   (T1574.006 Dynamic Linker Hijacking, T1014 Rootkit, T1564 Hide Artifacts).
   A process hider is a shared object that defines its own readdir()/readdir64(), fetches the
   real one with dlsym(RTLD_NEXT, ...) and reads /proc/<pid>/stat to skip the miner's entry.
   RTLD_NEXT is the constant (void *)-1 and leaves no string behind, so the structural rule reads
   the dynamic symbol table instead: readdir DEFINED + dlsym IMPORTED. glibc's libc defines both
   (or neither), and ordinary programs/libraries that list /proc import readdir, so they cannot
   match (on Debian 12, /usr/bin/ip carries every string of the rule but imports readdir).
   The symbol table is parsed with plain uint reads, only for files whose strings already match,
   instead of `import "elf"`: the elf module parses every ELF file of a sweep, which on Debian
   12's /usr/lib cost about as much CPU as this whole rule set (ELF64 little-endian only).
*/

rule Ferret_Preload_Process_Hider_ELF : rootkit preload linux
{
   meta:
      description = "Shared object that exports its own readdir/readdir64, imports dlsym and reads /proc/<pid>/stat and /proc/self/fd links: an LD_PRELOAD process hider (libprocesshider and clones)"
      author = "ferret"
      reference = "docs/threats.md#case-1 (libprocesshider.so via /etc/ld.so.preload); T1574.006, T1014"
      date = "2026-11-22"
      score = 85
      mitre_attack = "T1574.006"
   strings:
      $f1 = "readdir" ascii
      $f2 = "dlsym" ascii
      $fd1 = "/proc/self/fd/%d" ascii
      $fd2 = "/proc/self/fd/" ascii
      $st1 = "/proc/%s/stat" ascii
      $st2 = "/proc/%d/stat" ascii
      $st3 = "/proc/%u/stat" ascii
      $st4 = "/proc/%s/cmdline" ascii
      $st5 = "/proc/%d/cmdline" ascii
   condition:
      // ELF64, little-endian, ET_DYN (shared object or PIE)
      uint32(0) == 0x464c457f and uint8(4) == 2 and uint8(5) == 1 and uint16(16) == 3
      and filesize < 5MB
      and $f1 and $f2 and 1 of ($fd*) and 1 of ($st*)
      // Section headers: e_shoff = uint32(0x28), e_shentsize = uint16(0x3A), e_shnum = uint16(0x3C).
      // Section i at H = e_shoff + i * e_shentsize: sh_type +4 (11 = SHT_DYNSYM), sh_offset +0x18,
      // sh_size +0x20, sh_link +0x28 (index of .dynstr). Elf64_Sym is 24 bytes: st_name +0,
      // st_shndx +6 (0 = undefined, i.e. imported).
      and for any i in (0 .. uint16(0x3C) - 1) : (
         uint32(uint32(0x28) + i * uint16(0x3A) + 4) == 11
         // a DEFINED symbol named "readdir" or "readdir64"
         and for any k in (1 .. uint32(uint32(0x28) + i * uint16(0x3A) + 0x20) \ 24 - 1) : (
            uint16(uint32(uint32(0x28) + i * uint16(0x3A) + 0x18) + k * 24 + 6) != 0
            and uint32(uint32(uint32(0x28) + uint32(uint32(0x28) + i * uint16(0x3A) + 0x28) * uint16(0x3A) + 0x18)
                       + uint32(uint32(uint32(0x28) + i * uint16(0x3A) + 0x18) + k * 24)) == 0x64616572   // "read"
            and (
               uint32(uint32(uint32(0x28) + uint32(uint32(0x28) + i * uint16(0x3A) + 0x28) * uint16(0x3A) + 0x18)
                      + uint32(uint32(uint32(0x28) + i * uint16(0x3A) + 0x18) + k * 24) + 4) == 0x00726964  // "dir\0"
               or (
                  uint32(uint32(uint32(0x28) + uint32(uint32(0x28) + i * uint16(0x3A) + 0x28) * uint16(0x3A) + 0x18)
                         + uint32(uint32(uint32(0x28) + i * uint16(0x3A) + 0x18) + k * 24) + 4) == 0x36726964  // "dir6"
                  and uint16(uint32(uint32(0x28) + uint32(uint32(0x28) + i * uint16(0x3A) + 0x28) * uint16(0x3A) + 0x18)
                         + uint32(uint32(uint32(0x28) + i * uint16(0x3A) + 0x18) + k * 24) + 8) == 0x0034  // "4\0"
               )
            )
         )
         // an UNDEFINED (imported) symbol named "dlsym"
         and for any k in (1 .. uint32(uint32(0x28) + i * uint16(0x3A) + 0x20) \ 24 - 1) : (
            uint16(uint32(uint32(0x28) + i * uint16(0x3A) + 0x18) + k * 24 + 6) == 0
            and uint32(uint32(uint32(0x28) + uint32(uint32(0x28) + i * uint16(0x3A) + 0x28) * uint16(0x3A) + 0x18)
                       + uint32(uint32(uint32(0x28) + i * uint16(0x3A) + 0x18) + k * 24)) == 0x79736c64   // "dlsy"
            and uint16(uint32(uint32(0x28) + uint32(uint32(0x28) + i * uint16(0x3A) + 0x28) * uint16(0x3A) + 0x18)
                       + uint32(uint32(uint32(0x28) + i * uint16(0x3A) + 0x18) + k * 24) + 4) == 0x006d     // "m\0"
         )
      )
}

rule Ferret_LibProcessHider_Family : rootkit preload linux
{
   meta:
      description = "libprocesshider family: its identifiers (process_to_filter, get_dir_name, get_process_name) in a built library or in the C source dropped to compile it on the host"
      author = "ferret"
      reference = "docs/threats.md#case-1 (libprocesshider.so); T1014 Rootkit"
      date = "2026-11-22"
      score = 85
      mitre_attack = "T1014"
   strings:
      $a = "process_to_filter" ascii
      $b1 = "libprocesshider" ascii
      $b2 = "get_dir_name" ascii
      $b3 = "get_process_name" ascii
      $b4 = "readdir" ascii
   condition:
      filesize < 5MB
      and $a and 2 of ($b*)
}

rule Ferret_Preload_Hider_Source : rootkit preload linux
{
   meta:
      description = "C source of a readdir-hooking LD_PRELOAD library (dlsym(RTLD_NEXT, \"readdir\") plus /proc filtering): attackers compile process hiders on the victim"
      author = "ferret"
      reference = "docs/threats.md#case-1; T1574.006 Dynamic Linker Hijacking, T1014"
      date = "2026-11-22"
      score = 75
      mitre_attack = "T1574.006"
   strings:
      $next = /dlsym[ \t]{0,2}\([ \t]{0,2}RTLD_NEXT[ \t]{0,2},[ \t]{0,2}"readdir(64)?"/ ascii
      $dirent = "struct dirent" ascii
      $proc1 = "\"/proc\"" ascii
      $proc2 = "/proc/%s/stat" ascii
      $proc3 = "/proc/%d/stat" ascii
      $proc4 = "/proc/self/fd/" ascii
   condition:
      filesize < 256KB
      and not uint32(0) == 0x464c457f
      and $next and $dirent and 2 of ($proc*)
}

rule Ferret_Script_Writes_LD_So_Preload : preload persistence linux
{
   meta:
      description = "Script writing /etc/ld.so.preload (echo/printf redirect, tee, cp/mv over it, Python open for write)"
      author = "ferret"
      reference = "docs/threats.md#case-1 (/etc/ld.so.preload loads the hider); T1574.006"
      date = "2026-11-22"
      score = 70
      mitre_attack = "T1574.006"
   strings:
      $r1 = /(echo|printf)[ \t][^\n]{1,200}>{1,2}[ \t]{0,4}["']?\/etc\/ld\.so\.preload/ ascii
      $r2 = /tee[ \t]{1,3}(-a[ \t]{1,3})?["']?\/etc\/ld\.so\.preload/ ascii
      $r3 = /(cp|mv|install)[ \t](-[a-zA-Z]{1,4}[ \t]{1,3}){0,3}[^\s;|&]{1,200}[ \t]{1,3}["']?\/etc\/ld\.so\.preload/ ascii
      $r4 = /open\([ \t]{0,2}["']\/etc\/ld\.so\.preload["'][ \t]{0,2},[ \t]{0,2}["'][wa]/ ascii
   condition:
      filesize < 1MB
      and not uint32(0) == 0x464c457f
      and 1 of them
}
