<#
.SYNOPSIS
  Builds ferret's Windows x64 runtime image and MSI on a Windows build host.

.DESCRIPTION
  NEVER RUN in this project's build environment (Linux, no Windows JDK, no MSVC): jlink must run from the
  Windows JDK, and yara.dll must be compiled on Windows. What CI does prove on Linux: the jars, the WiX
  source (built with wixl from a placeholder payload laid out exactly like this script's image), the
  launchers' logic mirrors the Linux ones that CI runs.

  Needs: a Windows x64 JDK 17+ (Temurin recommended; 25 is what the Linux image uses), Git, vcpkg
  (https://vcpkg.io, with Visual Studio Build Tools "Desktop development with C++"), WiX Toolset 3.14
  (candle.exe, light.exe, heat.exe on PATH or under ${env:WIX}bin).

  Steps:
    1. Maven builds the jars (mvnw.cmd; the installers module's Linux steps are not run here).
    2. jlink: the modules of lib\ferret\modules.txt as the Linux build computes them (jdeps, minus the
       optional java.desktop/java.sql), --strip-debug, --no-header-files, --no-man-pages, compressed, with
       the JDK's CDS archive; the other launchers removed.
    3. The app jars in app\, JNA's jnidispatch.dll pre-extracted to lib\ferret (nothing unpacks at run time),
       bin\ferret.cmd generated with the explicit class path (lib\ferret\classpath.txt lists it too).
    4. yara.dll: vcpkg install yara:x64-windows; yara.dll and the DLLs it needs (libcrypto, ...) copied into
       lib\ (ferret loads lib\yara.dll by absolute path; JNA loads with LOAD_WITH_ALTERED_SEARCH_PATH so its
       dependencies resolve from the same folder, never from the host's PATH).
    5. lib\ferret\rules.yarc (+ .sha256): the built-in rules compiled by that yara.dll (a bundle loads only in
       the libyara version that wrote it).
    6. A CDS archive of a --version run (lib\ferret\ferret.jsa), start-up time measured and printed.
    7. The MSI: heat harvests the image into a ComponentGroup, candle + light build ferret.wxs with it.
    8. -Kit DIR: copies the image into DIR\windows and reseals DIR\MANIFEST.sha256 (same format as
       seal-kit.sh: "<sha256>  <path with />", sorted by ordinal path); prints the new kit id.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File installers\windows\build-windows.ps1 -Jdk 'C:\Program Files\Eclipse Adoptium\jdk-25.0.3.9-hotspot' -Vcpkg C:\vcpkg -Kit E:\ferret-kit
#>
[CmdletBinding()]
param(
    [string]$Jdk = $env:JAVA_HOME,
    [string]$Vcpkg = $(if ($env:VCPKG_ROOT) { $env:VCPKG_ROOT } else { 'C:\vcpkg' }),
    [string]$Wix = $(if ($env:WIX) { Join-Path $env:WIX 'bin' } else { '' }),
    [string]$Kit,
    [switch]$SkipMaven
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$repo = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
$target = Join-Path $repo 'installers\target'
$image = Join-Path $target 'ferret-windows-x86_64'
$appDir = Join-Path $target 'app-windows'
function Step([string]$text) { Write-Host "windows: $text" }
function Run([string]$exe, [string[]]$argv) {
    & $exe @argv
    if ($LASTEXITCODE -ne 0) { throw "$exe failed with exit code $LASTEXITCODE" }
}
function Tool([string]$name) {
    if ($Wix -and (Test-Path (Join-Path $Wix "$name.exe"))) { return (Join-Path $Wix "$name.exe") }
    $c = Get-Command "$name.exe" -ErrorAction SilentlyContinue
    if (-not $c) { throw "$name.exe not found: install WiX Toolset 3.14 or pass -Wix" }
    return $c.Source
}

if (-not $Jdk -or -not (Test-Path (Join-Path $Jdk 'bin\jlink.exe'))) { throw "no JDK with jlink.exe: pass -Jdk or set JAVA_HOME" }
$java = Join-Path $Jdk 'bin\java.exe'
$feature = [int](((& $java -XshowSettings:properties -version 2>&1) | Select-String 'java.specification.version = (\d+)').Matches[0].Groups[1].Value)
if ($feature -lt 17) { throw "$Jdk is Java $feature; ferret needs 17 or newer" }

# ------------------------------------------------------------------ 1. jars
Push-Location $repo
try {
    if (-not $SkipMaven) {
        Step 'building the jars (mvnw.cmd)'
        $env:JAVA_HOME = $Jdk
        Run (Join-Path $repo 'mvnw.cmd') @('-B', '-q', '-DskipTests', 'install', '-pl', 'native,signatures,scanner')
    }
    $version = ([xml](Get-Content (Join-Path $repo 'pom.xml'))).project.version
    Remove-Item -Recurse -Force $appDir -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force -Path $appDir | Out-Null
    Copy-Item (Join-Path $repo 'scanner\target\lib\*.jar') $appDir
    Copy-Item (Join-Path $repo 'scanner\target\ferret-scanner.jar') (Join-Path $appDir "ferret-scanner-$version.jar")
} finally { Pop-Location }
$jars = Get-ChildItem $appDir -Filter '*.jar' | Sort-Object Name

# ------------------------------------------------------------------ 2. jlink
$cp = ($jars | ForEach-Object { $_.FullName }) -join ';'
$scannerJar = ($jars | Where-Object { $_.Name -like 'ferret-scanner-*' }).FullName
$found = (& (Join-Path $Jdk 'bin\jdeps.exe') --print-module-deps --ignore-missing-deps --multi-release 17 --class-path $cp $scannerJar).Trim()
$excluded = @('java.desktop', 'java.sql', 'java.xml', 'java.transaction.xa', 'java.management')
$modules = @($found -split ',' | Where-Object { $excluded -notcontains $_ }) + @('jdk.unsupported', 'java.logging') |
    Sort-Object -Unique
Step "modules: $($modules -join ',') (jdeps found: $found)"
Remove-Item -Recurse -Force $image -ErrorAction SilentlyContinue
$jlinkArgs = @('--add-modules', ($modules -join ','), '--strip-debug', '--no-header-files', '--no-man-pages',
    '--compress=zip-6', '--generate-cds-archive', '--output', $image)
if ($feature -lt 21) { $jlinkArgs[5] = '--compress=2' }
Run (Join-Path $Jdk 'bin\jlink.exe') $jlinkArgs
Get-ChildItem (Join-Path $image 'bin') -Filter '*.exe' | Where-Object { $_.Name -ne 'java.exe' } | Remove-Item -Force
Remove-Item (Join-Path $image 'bin\server\classes_nocoops.jsa') -ErrorAction SilentlyContinue

# ------------------------------------------------------------------ 3. app, JNA, launcher
$app = Join-Path $image 'app'; $ferretLib = Join-Path $image 'lib\ferret'
New-Item -ItemType Directory -Force -Path $app, $ferretLib | Out-Null
$jars | Copy-Item -Destination $app
Set-Content -Path (Join-Path $ferretLib 'modules.txt') -Value ($modules -join ',') -Encoding ascii
Set-Content -Path (Join-Path $ferretLib 'classpath.txt') -Value ($jars | ForEach-Object { "app\$($_.Name)" }) -Encoding ascii
Add-Type -AssemblyName System.IO.Compression.FileSystem
$jna = [IO.Compression.ZipFile]::OpenRead(($jars | Where-Object { $_.Name -match '^jna-\d' }).FullName)
try {
    $entry = $jna.GetEntry('com/sun/jna/win32-x86-64/jnidispatch.dll')
    [IO.Compression.ZipFileExtensions]::ExtractToFile($entry, (Join-Path $ferretLib 'jnidispatch.dll'), $true)
} finally { $jna.Dispose() }
$classpath = ($jars | ForEach-Object { "%FERRET_HOME%\app\$($_.Name)" }) -join ';'
(Get-Content (Join-Path $PSScriptRoot 'ferret-image.cmd') -Raw).Replace('@CLASSPATH@', $classpath) |
    Set-Content -Path (Join-Path $image 'bin\ferret.cmd') -Encoding ascii -NoNewline

# ------------------------------------------------------------------ 4. yara.dll from vcpkg
$vcpkgExe = Join-Path $Vcpkg 'vcpkg.exe'
if (-not (Test-Path $vcpkgExe)) { throw "vcpkg not found at $Vcpkg (git clone https://github.com/microsoft/vcpkg; bootstrap-vcpkg.bat)" }
Step 'vcpkg install yara:x64-windows'
Run $vcpkgExe @('install', 'yara:x64-windows')
$vcBin = Join-Path $Vcpkg 'installed\x64-windows\bin'
Copy-Item (Join-Path $vcBin 'yara.dll') (Join-Path $image 'lib\yara.dll')
# the DLLs yara.dll needs (vcpkg installed only yara's dependencies into this triplet)
Get-ChildItem $vcBin -Filter '*.dll' | Where-Object { $_.Name -ne 'yara.dll' } | Copy-Item -Destination (Join-Path $image 'lib')
$yaraVersion = (Get-Content (Join-Path $Vcpkg 'installed\x64-windows\share\yara\vcpkg.spdx.json') -Raw |
    ConvertFrom-Json).packages[0].versionInfo

# ------------------------------------------------------------------ 5. compiled built-in rules
$jvm = @('--enable-native-access=ALL-UNNAMED', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData',
    "-Dferret.home=$image", "-Djna.boot.library.path=$ferretLib", '-Djna.nounpack=true', '-Djna.nosys=true')
$imageCp = ($jars | ForEach-Object { Join-Path $app $_.Name }) -join ';'
$imageJava = Join-Path $image 'bin\java.exe'
Run $imageJava ($jvm + @('-cp', $imageCp, 'dev.ferret.cli.RulesCommand', 'compile', '-o', (Join-Path $ferretLib 'rules.yarc')))
Run $imageJava ($jvm + @('-cp', $imageCp, 'dev.ferret.cli.RulesCommand', 'check', (Join-Path $ferretLib 'rules.yarc')))

# ------------------------------------------------------------------ 6. CDS archive, start-up time
$launcher = Join-Path $image 'bin\ferret.cmd'
$env:FERRET_JAVA_OPTS = "-XX:ArchiveClassesAtExit=$(Join-Path $ferretLib 'ferret.jsa')"
& $launcher --version | Out-Null
$env:FERRET_JAVA_OPTS = ''
$times = 1..9 | ForEach-Object { (Measure-Command { & $launcher --version | Out-Null }).TotalMilliseconds } | Sort-Object
Step ("start-up: ferret --version median {0:N0} ms over 9 runs" -f $times[4])
$size = [math]::Round(((Get-ChildItem $image -Recurse -File | Measure-Object Length -Sum).Sum / 1MB), 1)
@("ferret runtime image for Windows x64", "Java runtime: $(& $java -version 2>&1 | Select-Object -Index 1)",
  "yara.dll: vcpkg yara $yaraVersion", "Modules: $($modules -join ',')",
  ("Measured at build: ferret --version median {0:N0} ms" -f $times[4]), "Image size: $size MB") |
    Set-Content -Path (Join-Path $ferretLib 'REQUIREMENTS.txt') -Encoding ascii
Step "image: $image ($size MB)"

# ------------------------------------------------------------------ 7. MSI (WiX 3)
$msiVersion = $version -replace '-.*$', ''
$obj = Join-Path $target 'wixobj'
New-Item -ItemType Directory -Force -Path $obj | Out-Null
$deploy = Join-Path $target 'msi-deploy'
New-Item -ItemType Directory -Force -Path $deploy | Out-Null
Copy-Item (Join-Path $PSScriptRoot 'ferret-scheduled-scan.ps1'), (Join-Path $PSScriptRoot 'GPO.md') $deploy
Run (Tool 'heat') @('dir', $image, '-nologo', '-cg', 'FerretImage', '-dr', 'INSTALLDIR', '-srd', '-sreg', '-scom',
    '-gg', '-g1', '-var', 'var.PayloadDir', '-out', (Join-Path $obj 'image.wxs'))
Run (Tool 'candle') @('-nologo', '-arch', 'x64', "-dVersion=$msiVersion", "-dPayloadDir=$image", "-dDeployDir=$deploy",
    '-dWin64=yes', '-out', "$obj\", (Join-Path $PSScriptRoot 'ferret.wxs'), (Join-Path $obj 'image.wxs'))
$msi = Join-Path $target "ferret-$msiVersion-x64.msi"
Run (Tool 'light') @('-nologo', '-out', $msi, (Join-Path $obj 'ferret.wixobj'), (Join-Path $obj 'image.wixobj'))
Step "msi: $msi"

# ------------------------------------------------------------------ 8. into the USB kit
if ($Kit) {
    $kitWin = Join-Path $Kit 'windows'
    Remove-Item -Recurse -Force $kitWin -ErrorAction SilentlyContinue
    Copy-Item -Recurse $image $kitWin
    Copy-Item (Join-Path $PSScriptRoot '..\kit\windows-README.txt') (Join-Path $kitWin 'README.txt')
    $root = (Resolve-Path $Kit).Path.TrimEnd('\')
    $paths = Get-ChildItem $root -Recurse -File | ForEach-Object {
        $rel = $_.FullName.Substring($root.Length + 1).Replace('\', '/')
        if ($rel -ne 'MANIFEST.sha256' -and $rel -notlike 'results/*' -and $rel -notlike 'signatures/rules/*' -and
            $rel -notlike 'signatures/iocs/*') { $rel }
    }
    $paths = [string[]]@($paths)
    [Array]::Sort($paths, [StringComparer]::Ordinal)
    $lines = $paths | ForEach-Object { "$((Get-FileHash -LiteralPath (Join-Path $root $_) -Algorithm SHA256).Hash.ToLowerInvariant())  $_" }
    # LF line ends, as sha256sum -c (the Linux launcher) and seal-kit.sh write them
    [IO.File]::WriteAllText((Join-Path $root 'MANIFEST.sha256'), ($lines -join "`n") + "`n")
    $id = (Get-FileHash (Join-Path $root 'MANIFEST.sha256') -Algorithm SHA256).Hash.ToLowerInvariant().Substring(0, 16)
    Step "kit $Kit resealed with the Windows image: kit id $id (record it)"
}
