package dev.ferret.collect.linux;

/**
 * The fields of /proc/&lt;pid&gt;/stat that ferret uses. The command name sits in parentheses and may itself
 * contain spaces and parentheses, so fields are counted from the last ')'.
 */
public record ProcStat(int pid, String comm, char state, int ppid, long utime, long stime, int threads,
                       long startTicks, long rssPages) {

    public static ProcStat parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("malformed stat line");
        }
        int pid = Integer.parseInt(text.substring(0, open).strip());
        String comm = text.substring(open + 1, close);
        String[] f = text.substring(Math.min(close + 2, text.length())).strip().split(" ");
        if (f.length < 22 || f[0].isEmpty()) {
            throw new IllegalArgumentException("stat line has " + f.length + " fields after the name, 22 needed");
        }
        // f[0] is field 3 (state) of proc(5)
        return new ProcStat(pid, comm, f[0].charAt(0), Integer.parseInt(f[1]), Long.parseLong(f[11]),
                Long.parseLong(f[12]), Integer.parseInt(f[17]), Long.parseLong(f[19]), Long.parseLong(f[21]));
    }

    public long cpuTicks() {
        return utime + stime;
    }
}
