<#
.SYNOPSIS
  ferret USB kit launcher for Windows (ferret.cmd calls this).

.DESCRIPTION
  Checks the kit against MANIFEST.sha256 and refuses a modified kit; writes reports into the kit's results\
  folder (never onto the suspect host) unless -o/--output is given; adds the rules and IOC files dropped into
  signatures\rules and signatures\iocs; runs the Windows runtime image in windows\ (built on a Windows host by
  installers\windows\build-windows.ps1 -Kit). Exit codes are ferret's: 0 clean, 1 findings, 2 bad usage or
  input (also: modified kit, nowhere to write), 3 incomplete (also: no Windows image in this kit).

  NEVER RUN in this project's build environment, which has no Windows: written against PowerShell 5.1 and 7.
  $env:FERRET_KIT_NO_VERIFY = '1' skips the manifest check.
#>
$ErrorActionPreference = 'Stop'
$kit = Split-Path -Parent $MyInvocation.MyCommand.Path
$image = Join-Path $kit 'windows'

function Say([string]$text) { [Console]::Error.WriteLine("ferret-kit: $text") }

# ------------------------------------------------------------------ 1. is this the kit we built?
if ($env:FERRET_KIT_NO_VERIFY -eq '1') {
    Say 'WARNING: the kit was NOT verified (FERRET_KIT_NO_VERIFY=1)'
} else {
    $manifest = Join-Path $kit 'MANIFEST.sha256'
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        Say 'MANIFEST.sha256 is missing: refusing an unverifiable kit'; exit 2
    }
    $listed = @{}
    foreach ($line in [IO.File]::ReadAllLines($manifest)) {
        if ($line -notmatch '^([0-9a-f]{64}) [ *](.+)$') { Say "MANIFEST.sha256 is malformed: refusing the kit"; exit 2 }
        $hash = $Matches[1]; $rel = $Matches[2]
        $listed[$rel] = $true
        $path = Join-Path $kit ($rel -replace '/', '\')
        if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
            Say "this kit does not match its manifest ($rel is missing): refusing to run a modified or damaged kit"; exit 2
        }
        $actual = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash.ToLowerInvariant()
        if ($actual -ne $hash) {
            Say "this kit does not match its manifest ($rel changed): refusing to run a modified or damaged kit"; exit 2
        }
    }
    if (Test-Path -LiteralPath $image -PathType Container) {
        foreach ($f in Get-ChildItem -LiteralPath $image -Recurse -File) {
            $rel = 'windows/' + $f.FullName.Substring($image.Length + 1).Replace('\', '/')
            if (-not $listed.ContainsKey($rel)) {
                Say "this kit holds a file its manifest does not list ($rel): refusing to run a modified kit"; exit 2
            }
        }
    }
    $kitId = (Get-FileHash -LiteralPath $manifest -Algorithm SHA256).Hash.ToLowerInvariant().Substring(0, 16)
    Say "kit verified against MANIFEST.sha256 (kit id $kitId; compare with the id recorded when the kit was made)"
}

# ------------------------------------------------------------------ 2. is there a Windows image?
$java = Join-Path $image 'bin\java.exe'
if (-not (Test-Path -LiteralPath $java -PathType Leaf)) {
    Say "this kit has no Windows runtime: build one on a Windows host with installers\windows\build-windows.ps1 -Kit (see windows\README.txt)"
    exit 3
}

# ------------------------------------------------------------------ 3. where the report goes
$argv = @($args)
$cmd = if ($argv.Count -gt 0) { [string]$argv[0] } else { '' }
$rest = if ($argv.Count -gt 1) { @($argv[1..($argv.Count - 1)]) } else { @() }
$scanning = @('scan', 'processes', 'network', 'persistence', 'files', 'memory') -contains $cmd
$extra = @()
$results = Join-Path $kit 'results'
$userOutput = $false; $text = $true; $formatGiven = $false
for ($i = 0; $i -lt $rest.Count; $i++) {
    $a = [string]$rest[$i]
    if ($a -eq '-o' -or $a -eq '--output' -or $a -like '--output=*' -or ($a -like '-o?*' -and $a -notlike '--*')) { $userOutput = $true }
    if ($a -like '--format=*') { $text = ($a -eq '--format=text'); $formatGiven = $true }
    if ($a -eq '--format') { $formatGiven = $true }
    if ($a -eq '--format' -and $i + 1 -lt $rest.Count) { $text = ($rest[$i + 1] -eq 'text') }
}
$errFile = $null
if ($scanning -and -not $userOutput) {
    $probe = Join-Path $results (".write-test-" + [guid]::NewGuid().ToString('N'))
    try { [IO.File]::WriteAllText($probe, ''); Remove-Item -LiteralPath $probe -Force }
    catch {
        Say "the kit's results\ folder is not writable (read-only or write-protected media): give --output DIR on"
        Say 'writable media that is not the suspect host''s disk (a second stick, a share)'
        exit 2
    }
    $extra += @('--output', $results)
    # into the kit: the summary for the terminal, JSON Lines for machines and HTML for people, from one scan
    if (-not $formatGiven) { $extra += @('--format', 'text,jsonl,html') }
    $errFile = Join-Path $results 'ferret-jvm-crash-%p.log'
}
if ($scanning) {
    $rulesDir = Join-Path $kit 'signatures\rules'
    $iocsDir = Join-Path $kit 'signatures\iocs'
    if (Test-Path -LiteralPath $rulesDir) {
        if (Get-ChildItem -LiteralPath $rulesDir -File | Where-Object { $_.Extension -in '.yar', '.yara', '.rule', '.rules' }) {
            $extra += @('--rules', $rulesDir)
        }
        foreach ($b in Get-ChildItem -LiteralPath $rulesDir -File -Filter '*.yarc') { $extra += @('--rules', $b.FullName) }
    }
    if ((Test-Path -LiteralPath $iocsDir) -and (Get-ChildItem -LiteralPath $iocsDir -File)) {
        $extra += @('--iocs', $iocsDir)
    }
}

# ------------------------------------------------------------------ 4. run (the same JVM flags as bin\ferret.cmd)
$cp = (Get-Content -LiteralPath (Join-Path $image 'lib\ferret\classpath.txt')) -replace '^', "$image\" -join ';'
# the JIT as bin\ferret.cmd: C2 (kept for what stays hot) where files or memory are hashed and scanned
$jit = if (@('scan', 'files', 'memory') -contains $cmd) {
    @('-XX:Tier4InvocationThreshold=20000', '-XX:Tier4CompileThreshold=40000', '-XX:Tier4BackEdgeThreshold=160000')
} else { @('-XX:TieredStopAtLevel=1') }
$jvm = @('--enable-native-access=ALL-UNNAMED', '-XX:+UseSerialGC') + $jit + @('-XX:-UsePerfData',
    '-Xlog:cds=off', '-Xlog:cds+dynamic=off',
    "-Dferret.home=$image", "-Djna.boot.library.path=$image\lib\ferret", '-Djna.nounpack=true', '-Djna.nosys=true')
$jsa = Join-Path $image 'lib\ferret\ferret.jsa'
if (Test-Path -LiteralPath $jsa) { $jvm += "-XX:SharedArchiveFile=$jsa" }
if ($errFile) { $jvm += "-XX:ErrorFile=$errFile" }
$before = @{}
if ($scanning -and -not $userOutput -and $text) {
    Get-ChildItem -LiteralPath $results -Filter 'ferret-*.txt' -File | ForEach-Object { $before[$_.FullName] = $true }
}
$all = @($jvm) + @('-cp', $cp, 'dev.ferret.cli.Main')
if ($cmd -ne '') { $all += $cmd }
$all += $extra + $rest
& $java @all
$code = $LASTEXITCODE
if ($scanning -and -not $userOutput -and $text) {
    Get-ChildItem -LiteralPath $results -Filter 'ferret-*.txt' -File | Where-Object { -not $before.ContainsKey($_.FullName) } |
        ForEach-Object { Get-Content -LiteralPath $_.FullName; Say "report: $($_.FullName)" }
}
exit $code
