#!/bin/sh
# Checks ferret's YARA rule set against the samples with the yara CLI (libyara 4.2+):
#   - every file under positive/ matches the rule named by its file name (the part before the
#     first "." or "--"; hidden dirs are scanned too);
#   - no file under negative/ matches any rule;
#   - compiling and scanning print nothing on stderr (no errors, no "slowing down scanning").
# Each file is scanned with the community externals set as a scanner would set them
# (filename = base name, filepath = full path, extension = ".ext", filetype/owner empty).
# Builds the binary samples first (build-samples.sh). Exit status 0 = all good.
set -u
here=$(cd "$(dirname "$0")" && pwd)
rules=${FERRET_YARA_RULES:-$here/../../../main/resources/ferret/signatures/yara}
"$here/build-samples.sh" >/dev/null || { echo "build-samples.sh failed" >&2; exit 1; }
fail=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT

scan() { # file -> matching rule names, one per line
    f=$1
    base=$(basename "$f")
    case "$base" in *.*) ext=".${base##*.}" ;; *) ext="" ;; esac
    yara -d filename="$base" -d filepath="$f" -d extension="$ext" -d filetype= -d owner= \
        "$rules"/*.yar "$f" 2>"$err" | awk '{print $1}'
    if [ -s "$err" ]; then
        echo "STDERR scanning $f:" >&2; cat "$err" >&2; fail=1
    fi
}

for f in $(find "$here/positive" -type f | sort); do
    base=$(basename "$f")
    want=${base%%.*}
    want=${want%%--*}
    got=$(scan "$f")
    if printf '%s\n' "$got" | grep -qx "$want"; then
        echo "ok   positive $base -> $want"
    else
        echo "FAIL positive $base: wanted $want, got: $(echo $got)"; fail=1
    fi
done
for f in $(find "$here/negative" -type f | sort); do
    got=$(scan "$f")
    if [ -z "$got" ]; then
        echo "ok   negative $(basename "$f")"
    else
        echo "FAIL negative $(basename "$f") matched: $(echo $got)"; fail=1
    fi
done
exit $fail
