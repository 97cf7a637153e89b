#!/usr/bin/env bash
# The HTML report in a real browser: Debian's headless Chromium opens a report from a real scan of the case-1
# tree (console errors, chain nodes visible, filtering, injection-shaped names) and a 3,000-finding report
# (size, render time). Screenshots and the measurements: scanner/target/browser/.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "browser: /usr/bin/chromium missing (.ci/packages/browser.txt)" >&2
  exit 1
fi
timeout 900 ./mvnw -B -q verify -pl scanner -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='BrowserReportIT' -Dfailsafe.failIfNoSpecifiedTests=false -Dferret.browser=true
report=scanner/target/failsafe-reports/dev.ferret.it.BrowserReportIT.txt
grep -h "Tests run" "$report"
if grep -q "Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0" "$report"; then
  echo "browser: $(cat scanner/target/browser/busy-3000.txt | tr '\n' ' ')"
  echo "browser: screenshots in scanner/target/browser/"
else
  echo "browser: tests skipped or failed" >&2
  exit 1
fi
