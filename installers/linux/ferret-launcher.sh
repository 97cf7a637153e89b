#!/bin/sh
# ferret launcher inside the runtime image. Uses no external command, so it works with an empty PATH
# (env -i) on a host that has nothing installed.
case "$0" in
  */*) bin="${0%/*}" ;;
  *) bin=. ;;
esac
home="$bin/.."
exec "$bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -Dferret.home="$home" -Djna.boot.library.path="$home/lib/ferret" -Djna.nounpack=true -Djna.nosys=true \
  $FERRET_JAVA_OPTS -cp "$home/app/*" dev.ferret.cli.Main "$@"
