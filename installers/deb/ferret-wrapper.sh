#!/bin/sh
# /usr/bin/ferret: the runtime image's launcher lives in /opt/ferret
exec /opt/ferret/bin/ferret "$@"
