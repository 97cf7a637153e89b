@echo off
rem ferret USB kit launcher for Windows: runs ferret.ps1 beside it (the manifest check, reports to results\).
rem   E:\ferret-kit\ferret.cmd scan
rem Never run in this project's build environment (no Windows there); see installers\windows\README.md.
setlocal
powershell.exe -NoLogo -NoProfile -ExecutionPolicy Bypass -File "%~dp0ferret.ps1" %*
exit /b %ERRORLEVEL%
