# A live scan by user nobody (uid 65534) next to a root-owned process nobody may not inspect, run the way a
# responder runs it from a kit: ferret's class path copied to a world-readable place (here the namespace's
# private /tmp), the report written to a directory only nobody can write.
# Env: KIT (a copy of the class path), KIT_CP (its entries, relative to KIT, ':'-separated).
source "$IT_LIB"

private_temp_dirs
cp -a "$KIT" /tmp/ferret-kit
chmod -R a+rX /tmp/ferret-kit
NOBODY_CP=$(printf '%s' "$KIT_CP" | sed 's#[^:][^:]*#/tmp/ferret-kit/&#g')
mkdir -m 700 /tmp/reports
chown 65534:65534 /tmp/reports

sleep 300 &
ROOT_PID=$!
echo "ROOT_PID=$ROOT_PID"

rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups -- \
    "$FERRET_JAVA" -cp "$NOBODY_CP" "$FERRET_MAIN" scan --format jsonl --no-facts --cpu-window 1 --output /tmp/reports \
    > "$WORK/nobody.out" 2> "$WORK/ferret.err" || rc=$?
echo "$rc" > "$WORK/ferret.rc"
echo "FERRET_EXIT=$rc"
# the private /tmp dies with the namespace: keep the reports (owner preserved) for the Java side
mkdir -p "$WORK/reports"
cp -p /tmp/reports/* "$WORK/reports/" 2>/dev/null || true
echo "REPORT_DIR_MODE=$(stat -c '%a %u' /tmp/reports)"
