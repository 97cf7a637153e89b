#!/bin/sh
exit 0  # ferret YARA test sample: synthetic, never run; the payload decodes to "echo ferret-sample"
echo ZWNobyBmZXJyZXQtc2FtcGxlCg== | base64 -d | bash
