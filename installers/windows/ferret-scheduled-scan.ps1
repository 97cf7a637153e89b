<#
.SYNOPSIS
  Runs one ferret scan as SYSTEM and delivers one report per host to a share:
  \\server\share\<COMPUTERNAME>-<UTC time>.jsonl, and the same report as .html for people. Leaves the exit code
  in the Application event log.

.DESCRIPTION
  Meant for a group-policy computer startup script or a scheduled task running as NT AUTHORITY\SYSTEM (see
  GPO.md beside it). The report is written locally first (C:\ProgramData\ferret\reports), then copied to the
  share under a temporary name and renamed, so an analyst never reads half a report; if the share is
  unreachable the local copy stays and the next run delivers it too.

  Event log (Application, source "ferret", registered by the MSI or by this script):
    id 100 information  clean (exit 0)
    id 101 warning      findings at or above --fail-on (exit 1)
    id 102 error        bad usage or input (exit 2)
    id 103 error        the scan could not complete (exit 3, or ferret could not start)
    id 110 error        the report could not be delivered to the share
  Every message names the report, the share and ferret's last lines on stderr.

  Exit code: ferret's (0, 1, 2, 3); 4 when the scan ran but the report could not be delivered.

  NEVER RUN in this project's build environment (no Windows there): written for Windows PowerShell 5.1
  (Windows Server 2012 R2 and later with WMF 5.1) and PowerShell 7. Test it on one machine first:
    powershell -NoProfile -ExecutionPolicy Bypass -File ferret-scheduled-scan.ps1 -Share \\fs01\ferret$ -Verbose

.PARAMETER Share
  UNC folder for reports. Default: HKLM\SOFTWARE\ferret ReportShare (the MSI's REPORTSHARE property).
.PARAMETER FerretHome
  The runtime image. Default: HKLM\SOFTWARE\ferret InstallDir, else this script's parent folder.
.PARAMETER Command
  ferret command: scan (default), processes, network, persistence, files, memory.
.PARAMETER Arguments
  Extra ferret arguments. Default: HKLM\SOFTWARE\ferret ScanArguments, else --quiet.
.PARAMETER KeepDays
  Local reports older than this are deleted once delivered (default 30).
.PARAMETER Register
  Instead of scanning: register (or update) the scheduled task "ferret scan" that runs this script as
  SYSTEM daily at -At with a random delay of up to -RandomDelayHours, then exit.
#>
[CmdletBinding()]
param(
    [string]$Share,
    [string]$FerretHome,
    [ValidateSet('scan', 'processes', 'network', 'persistence', 'files', 'memory')]
    [string]$Command = 'scan',
    [string]$Arguments,
    [int]$KeepDays = 30,
    [switch]$Register,
    [string]$At = '02:00',
    [int]$RandomDelayHours = 2
)
$ErrorActionPreference = 'Stop'
$Source = 'ferret'

function Get-Setting([string]$name) {
    try { return (Get-ItemProperty -Path 'HKLM:\SOFTWARE\ferret' -Name $name -ErrorAction Stop).$name } catch { return $null }
}

function Write-FerretEvent([int]$id, [string]$type, [string]$message) {
    # the MSI registers the source; a copied script registers it itself (needs administrator rights once)
    try {
        if (-not [Diagnostics.EventLog]::SourceExists($Source)) { New-EventLog -LogName Application -Source $Source }
        Write-EventLog -LogName Application -Source $Source -EventId $id -EntryType $type -Message $message
    } catch {
        try { [Diagnostics.EventLog]::WriteEntry($Source, $message, [Diagnostics.EventLogEntryType]$type, $id) }
        catch {
            # PowerShell 7 without the source: eventcreate.exe ships with Windows (ids 1-1000)
            $t = switch ($type) { 'Information' { 'INFORMATION' } 'Warning' { 'WARNING' } default { 'ERROR' } }
            & eventcreate.exe /L APPLICATION /SO $Source /T $t /ID $id /D $message | Out-Null
        }
    }
    Write-Verbose "event $id ($type): $message"
}

if (-not $FerretHome) { $FerretHome = Get-Setting 'InstallDir' }
if (-not $FerretHome) { $FerretHome = Split-Path -Parent (Split-Path -Parent $MyInvocation.MyCommand.Path) }
$FerretHome = $FerretHome.TrimEnd('\')
if (-not $Share) { $Share = Get-Setting 'ReportShare' }
if ($Share) { $Share = $Share.Trim().TrimEnd('\') }
if (-not $PSBoundParameters.ContainsKey('Arguments')) {
    $Arguments = Get-Setting 'ScanArguments'
    if (-not $Arguments) { $Arguments = '--quiet' }
}

if ($Register) {
    $self = $MyInvocation.MyCommand.Path
    $taskArgs = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -File `"$self`" -Command $Command"
    if ($Share) { $taskArgs += " -Share `"$Share`"" }
    $action = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument $taskArgs
    $trigger = New-ScheduledTaskTrigger -Daily -At $At -RandomDelay (New-TimeSpan -Hours $RandomDelayHours)
    $principal = New-ScheduledTaskPrincipal -UserId 'NT AUTHORITY\SYSTEM' -LogonType ServiceAccount -RunLevel Highest
    $settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -ExecutionTimeLimit (New-TimeSpan -Hours 4) `
        -Priority 7 -MultipleInstances IgnoreNew
    Register-ScheduledTask -TaskName 'ferret scan' -TaskPath '\' -Action $action -Trigger $trigger `
        -Principal $principal -Settings $settings -Force | Out-Null
    Write-Output "registered the scheduled task 'ferret scan' (SYSTEM, daily at $At + up to ${RandomDelayHours}h)"
    exit 0
}

$launcher = Join-Path $FerretHome 'bin\ferret.cmd'
$localDir = Join-Path $env:ProgramData 'ferret\reports'
New-Item -ItemType Directory -Force -Path $localDir | Out-Null
$stamp = [DateTime]::UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'")
$name = "$($env:COMPUTERNAME)-$stamp.jsonl"
$local = Join-Path $localDir $name
$localHtml = [IO.Path]::ChangeExtension($local, '.html')
# ferret writes both formats into a private staging folder; they are renamed into place when complete
$stage = Join-Path $localDir ".$name.d"
Remove-Item -LiteralPath $stage -Recurse -Force -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force -Path $stage | Out-Null
$errLog = Join-Path $localDir ".$name.stderr"
$outLog = Join-Path $localDir ".$name.stdout"

if (-not (Test-Path -LiteralPath $launcher)) {
    Write-FerretEvent 103 'Error' "ferret is not installed at $FerretHome (no bin\ferret.cmd)"
    exit 3
}

# one line per argument; the report is JSON Lines (for machines) and HTML (for people), written locally first
$argv = @($Command) + @($Arguments -split '\s+' | Where-Object { $_ }) + @('--format', 'jsonl,html', '--output', $stage)
$started = Get-Date
$proc = Start-Process -FilePath $launcher -ArgumentList ($argv | ForEach-Object { if ($_ -match '\s') { "`"$_`"" } else { $_ } }) `
    -NoNewWindow -Wait -PassThru -RedirectStandardError $errLog -RedirectStandardOutput $outLog
Remove-Item -LiteralPath $outLog -Force -ErrorAction SilentlyContinue
$code = $proc.ExitCode
$seconds = [int]((Get-Date) - $started).TotalSeconds
$stderr = ''
if (Test-Path -LiteralPath $errLog) {
    $stderr = (Get-Content -LiteralPath $errLog -Tail 5) -join ' | '
    Remove-Item -LiteralPath $errLog -Force
}

$stagedJsonl = Get-ChildItem -LiteralPath $stage -Filter '*.jsonl' -File -ErrorAction SilentlyContinue | Select-Object -First 1
$stagedHtml = Get-ChildItem -LiteralPath $stage -Filter '*.html' -File -ErrorAction SilentlyContinue | Select-Object -First 1
if ($stagedJsonl -and $stagedJsonl.Length -gt 0) { Move-Item -LiteralPath $stagedJsonl.FullName -Destination $local -Force }
if ($stagedHtml) { Move-Item -LiteralPath $stagedHtml.FullName -Destination $localHtml -Force }
Remove-Item -LiteralPath $stage -Recurse -Force -ErrorAction SilentlyContinue

$meaning = @{ 0 = 'clean'; 1 = 'FINDINGS'; 2 = 'bad usage or input'; 3 = 'the scan could not complete' }
$what = if ($meaning.ContainsKey($code)) { $meaning[$code] } else { "unexpected exit code $code" }
$id = switch ($code) { 0 { 100 } 1 { 101 } 2 { 102 } default { 103 } }
$type = switch ($code) { 0 { 'Information' } 1 { 'Warning' } default { 'Error' } }

# deliver this report and any earlier one the share missed
$delivered = $true
$deliveredTo = ''
if ($Share) {
    $ledger = Join-Path $localDir 'delivered.txt'
    $done = @{}
    if (Test-Path -LiteralPath $ledger) { Get-Content -LiteralPath $ledger | ForEach-Object { $done[$_] = $true } }
    $reports = @(Get-ChildItem -LiteralPath $localDir -Filter "$($env:COMPUTERNAME)-*.jsonl" -File) +
        @(Get-ChildItem -LiteralPath $localDir -Filter "$($env:COMPUTERNAME)-*.html" -File)
    foreach ($r in $reports) {
        if ($done.ContainsKey($r.Name)) { continue }
        $partial = Join-Path $Share ".$($r.Name).partial"
        try {
            Copy-Item -LiteralPath $r.FullName -Destination $partial -Force
            Move-Item -LiteralPath $partial -Destination (Join-Path $Share $r.Name) -Force
            Add-Content -LiteralPath $ledger -Value $r.Name
            $deliveredTo = " delivered to $Share;"
        } catch {
            $delivered = $false
            Write-FerretEvent 110 'Error' "ferret: could not deliver $($r.FullName) to ${Share}: $($_.Exception.Message)"
            break
        }
    }
}
# local copies are kept KeepDays days (undelivered ones too: the share may come back)
$cutoff = (Get-Date).AddDays(-$KeepDays)
Get-ChildItem -LiteralPath $localDir -File | Where-Object { ($_.Extension -eq '.jsonl' -or $_.Extension -eq '.html') -and
    $_.LastWriteTime -lt $cutoff } | Remove-Item -Force -ErrorAction SilentlyContinue

$report = if (Test-Path -LiteralPath $local) { $local } else { 'none' }
Write-FerretEvent $id $type ("ferret $Command on $($env:COMPUTERNAME): exit $code ($what) after ${seconds}s; report $report;" +
    "$deliveredTo$(if ($stderr) { " ferret said: $stderr" })")
if (-not $delivered -and $code -le 1) { exit 4 }
exit $code
