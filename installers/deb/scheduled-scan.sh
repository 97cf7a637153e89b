#!/bin/sh
# One scheduled ferret scan (ferret-scan.service, or /etc/cron.d/ferret): settings from /etc/default/ferret.
# Writes <host>-<UTC time>.jsonl, and the same report as .html for people (FERRET_HTML=no turns it off), into
# FERRET_REPORT_DIR (written in a private staging folder, then renamed, so a collector that watches the
# directory never reads half a report), copies the JSONL to FERRET_COPY_TO and POSTs it
# to FERRET_COLLECTOR_URL when set, prunes reports older than FERRET_KEEP_DAYS, logs one line with the result,
# and exits with ferret's code: 0 clean, 1 findings, 2 bad usage or configuration, 3 incomplete; 4 when the
# report was written but could not be delivered.
# Test hooks: FERRET_CONFIG (another settings file), FERRET_BIN (another ferret launcher).
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 077

config="${FERRET_CONFIG:-/etc/default/ferret}"
# shellcheck disable=SC1090
[ -r "$config" ] && . "$config"
: "${FERRET_ENABLED:=yes}" "${FERRET_COMMAND:=scan}" "${FERRET_ARGS:=--quiet}"
: "${FERRET_REPORT_DIR:=/var/lib/ferret/reports}" "${FERRET_KEEP_DAYS:=30}"
: "${FERRET_COPY_TO:=}" "${FERRET_COLLECTOR_URL:=}" "${FERRET_COLLECTOR_ARGS:=}" "${FERRET_SYSLOG:=no}"
: "${FERRET_HTML:=yes}"
bin="${FERRET_BIN:-/opt/ferret/bin/ferret}"

log() {  # PRIORITY MESSAGE: stderr (the journal, under systemd; cron's mail) and syslog when asked (cron)
  echo "ferret: $2" >&2
  if [ "$FERRET_SYSLOG" = yes ] && command -v logger >/dev/null 2>&1; then
    logger -t ferret -p "daemon.$1" -- "$2" || true
  fi
}

case "$FERRET_ENABLED" in
  yes|true|1) ;;
  *) log notice "scheduled scans are disabled (FERRET_ENABLED=$FERRET_ENABLED in $config)"; exit 0 ;;
esac
if ! mkdir -p "$FERRET_REPORT_DIR" 2>/dev/null || [ ! -w "$FERRET_REPORT_DIR" ]; then
  log err "cannot write reports to $FERRET_REPORT_DIR (FERRET_REPORT_DIR in $config)"
  exit 2
fi

host="$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname)"
host="$(printf '%s' "$host" | tr -c 'A-Za-z0-9._-' '_')"
name="$host-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
report="$FERRET_REPORT_DIR/$name"
html="${report%.jsonl}.html"
stage="$FERRET_REPORT_DIR/.$name.d"
formats=jsonl
case "$FERRET_HTML" in yes|true|1) formats=jsonl,html ;; esac
rm -rf "$stage" && mkdir "$stage" || { log err "cannot create $stage"; exit 2; }

start="$(date +%s)"
# FERRET_ARGS is split into words on purpose
# shellcheck disable=SC2086
"$bin" "$FERRET_COMMAND" $FERRET_ARGS --format "$formats" --output "$stage" \
  2>"$FERRET_REPORT_DIR/.$name.err" </dev/null
code=$?
seconds=$(( $(date +%s) - start ))
errors="$(head -c 2000 "$FERRET_REPORT_DIR/.$name.err" 2>/dev/null | tr '\n' ' ')"
rm -f "$FERRET_REPORT_DIR/.$name.err"
case $code in
  0) what="clean" ;;
  1) what="FINDINGS" ;;
  2) what="bad usage or configuration" ;;
  *) what="the scan could not complete" ;;
esac
partial="$(ls "$stage"/*.jsonl 2>/dev/null | head -n 1)"
if [ -z "$partial" ] || [ ! -s "$partial" ]; then
  rm -rf "$stage"
  log err "$FERRET_COMMAND: exit $code ($what) after ${seconds}s, no report${errors:+: $errors}"
  [ "$code" -ne 0 ] && exit "$code"
  exit 3
fi
staged_html="$(ls "$stage"/*.html 2>/dev/null | head -n 1)"
[ -n "$staged_html" ] && mv "$staged_html" "$html"
mv "$partial" "$report"
rm -rf "$stage"
delivered=yes

if [ -n "$FERRET_COPY_TO" ]; then
  if cp "$report" "$FERRET_COPY_TO/.$name.partial" 2>/dev/null && mv "$FERRET_COPY_TO/.$name.partial" "$FERRET_COPY_TO/$name"; then
    copied="; copied to $FERRET_COPY_TO"
  else
    rm -f "$FERRET_COPY_TO/.$name.partial" 2>/dev/null
    log err "could not copy $report to $FERRET_COPY_TO"
    delivered=no
  fi
fi
if [ -n "$FERRET_COLLECTOR_URL" ]; then
  if ! command -v curl >/dev/null 2>&1; then
    log err "FERRET_COLLECTOR_URL is set but curl is not installed (apt-get install curl)"
    delivered=no
  # shellcheck disable=SC2086
  elif curl -fsS --retry 3 --retry-delay 10 --max-time 600 -H 'Content-Type: application/x-ndjson' \
      -H "X-Ferret-Host: $host" -H "X-Ferret-Exit-Code: $code" --data-binary "@$report" \
      $FERRET_COLLECTOR_ARGS "$FERRET_COLLECTOR_URL" -o /dev/null 2>"$FERRET_REPORT_DIR/.curl.err"; then
    sent="; sent to $FERRET_COLLECTOR_URL"
  else
    log err "could not send $report to $FERRET_COLLECTOR_URL: $(head -c 300 "$FERRET_REPORT_DIR/.curl.err" | tr '\n' ' ')"
    delivered=no
  fi
  rm -f "$FERRET_REPORT_DIR/.curl.err"
fi
if [ "$FERRET_KEEP_DAYS" -gt 0 ] 2>/dev/null; then
  find "$FERRET_REPORT_DIR" -maxdepth 1 -type f \( -name '*.jsonl' -o -name '*.html' \) -mtime +"$FERRET_KEEP_DAYS" \
    -delete 2>/dev/null
fi

case $code in
  0) priority=notice ;;
  1) priority=warning ;;
  *) priority=err ;;
esac
log $priority "$FERRET_COMMAND: exit $code ($what) after ${seconds}s; report $report${staged_html:+ (and .html)}${copied:-}${sent:-}${errors:+; messages: $errors}"
[ $delivered = yes ] || [ "$code" -gt 1 ] || exit 4
exit $code
