package dev.ferret.collect.linux.access;

import dev.ferret.model.access.AccessFacts;
import dev.ferret.model.access.LastLogEntry;
import dev.ferret.model.access.LogFileState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /var/log/lastlog}: one record per uid at offset {@code uid * size} — {@code int32 ll_time; char
 * ll_line[32]; char ll_host[256]} (292 bytes; 296 with a 64-bit ll_time). The file is sparse and can look terabytes
 * large (uid 4294967294), so only the records of the accounts in the host's /etc/passwd are read, each with one
 * positioned read.
 */
public final class LastlogCollector extends AccessCollector {
    static final int SIZE32 = 292;
    static final int SIZE64 = 296;
    private static final String PATH = "/var/log/lastlog";

    public LastlogCollector(AccessLimits limits) {
        super(limits);
    }

    @Override
    void collect(AccessFiles files, AccessFacts facts) {
        Optional<Path> real = files.regular(PATH);
        if (real.isEmpty()) {
            files.snapshot().coverage().note("access: no " + PATH + " (newer distributions keep last logins in "
                    + "lastlog2/wtmpdb, not read)");
            return;
        }
        AccessFiles.Stat stat = AccessFiles.stat(real.get()).orElse(null);
        List<LastLogEntry> entries = new ArrayList<>();
        long malformed = 0;
        try (FileChannel ch = AccessFiles.open(real.get())) {
            long size = ch.size();
            int record = size % SIZE32 != 0 && size % SIZE64 == 0 ? SIZE64 : SIZE32;
            ByteBuffer buf = ByteBuffer.allocate(record).order(ByteOrder.LITTLE_ENDIAN);
            for (Users.Account a : Users.of(files).accounts()) {
                long off = (long) Integer.toUnsignedLong(a.uid()) * record;
                if (a.uid() < 0 || off + record > size) {
                    continue;
                }
                buf.clear();
                int got = 0;
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, off + got);
                    if (n <= 0) {
                        break;
                    }
                    got += n;
                }
                if (got < record) {
                    malformed++;
                    continue;
                }
                long sec = record == SIZE64 ? buf.getLong(0) : Integer.toUnsignedLong(buf.getInt(0));
                int strings = record == SIZE64 ? 8 : 4;
                if (sec == 0) {
                    continue;
                }
                if (sec > 4_102_444_800L) {
                    malformed++;
                    continue;
                }
                entries.add(new LastLogEntry(a.uid(), a.name(), Instant.ofEpochSecond(sec), string(buf, strings, 32),
                        string(buf, strings + 32, 256)));
            }
            facts.addLogFile(new LogFileState(PATH, "lastlog", 0, true, size, stat == null ? null : stat.mtime(),
                    stat == null ? null : stat.ctime(),
                    entries.size(), malformed, false, null, null));
        } catch (AccessDeniedException e) {
            files.gap("permission denied", PATH);
        } catch (IOException e) {
            files.gap("lastlog unreadable", PATH + ": " + e.getMessage());
        }
        if (malformed > 0) {
            files.gap("malformed lastlog records: skipped", PATH + " (" + malformed + ")");
        }
        files.count("lastlog entries", entries.size());
        facts.addLastLog(entries);
    }

    private static String string(ByteBuffer buf, int off, int length) {
        byte[] b = new byte[length];
        buf.get(off, b);
        int n = 0;
        while (n < length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
    }
}
