package dev.ferret.report.delivery;

import dev.ferret.model.Finding;
import dev.ferret.model.PathBytes;
import dev.ferret.report.Version;
import dev.ferret.scan.ScanResult;

/** ArcSight Common Event Format lines for --syslog-format cef (severity 0–10 from the 0–100 score). */
final class Cef {
    private Cef() {
    }

    static String finding(Finding f, ScanResult result) {
        StringBuilder ext = new StringBuilder();
        ext.append("rt=").append(result.finished().toEpochMilli());
        host(ext, result);
        if (f.file() != null) {
            ext.append(" filePath=").append(value(PathBytes.readable(f.file().path())));
        }
        if (f.process() != null) {
            ext.append(" spid=").append(f.process().pid());
            if (f.process().name() != null) {
                ext.append(" sproc=").append(value(f.process().name()));
            }
        }
        if (f.destination() != null) {
            ext.append(" dst=").append(value(f.destination().ip())).append(" dpt=").append(f.destination().port());
        }
        if (f.chain() != null) {
            ext.append(" cs1Label=chain cs1=").append(value(f.chain()));
        }
        ext.append(" msg=").append(value(f.reasons().isEmpty() ? f.ruleName() : f.reasons().get(0).text()));
        return "CEF:0|ferret|ferret|" + header(Version.get()) + "|" + header(f.ruleId()) + "|" + header(f.ruleName())
                + "|" + Math.min(10, f.score() / 10) + "|" + ext;
    }

    static String state(ScanResult result) {
        StringBuilder ext = new StringBuilder("rt=").append(result.finished().toEpochMilli());
        host(ext, result);
        ext.append(" cnt=").append(result.findings().size())
                .append(" msg=").append(value("scan finished, " + result.snapshot().coverage().gaps().size()
                        + " coverage gaps"));
        return "CEF:0|ferret|ferret|" + header(Version.get()) + "|ferret.state|scan finished|0|" + ext;
    }

    private static void host(StringBuilder ext, ScanResult result) {
        if (result.snapshot().host() != null) {
            ext.append(" dvchost=").append(value(result.snapshot().host().name()));
        }
    }

    /** Header fields: '\' and '|' escaped, no line breaks. */
    static String header(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /** Extension values: '\' and '=' escaped, line breaks as \n and \r. */
    static String value(String s) {
        return s.replace("\\", "\\\\").replace("=", "\\=").replace("\r", "\\r").replace("\n", "\\n");
    }
}
