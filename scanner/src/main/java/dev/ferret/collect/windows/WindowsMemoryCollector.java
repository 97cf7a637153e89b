package dev.ferret.collect.windows;

import dev.ferret.collect.CollectOptions;
import dev.ferret.model.Coverage;
import dev.ferret.model.ProcessInfo;
import dev.ferret.model.Snapshot;
import dev.ferret.model.windows.ExecRegion;
import dev.ferret.model.windows.ModuleInfo;
import dev.ferret.model.windows.WinProcessFacts;
import dev.ferret.model.windows.WindowsFacts;
import dev.ferret.os.windows.MemoryConstants;
import dev.ferret.os.windows.RegionEntry;
import dev.ferret.os.windows.WindowsException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Executable memory the loader does not explain (VirtualQueryEx): committed private or mapped (non-image) regions
 * with an execute protection, and executable image sections whose allocation is not in the module list (a DLL
 * unlinked from the loader or mapped by hand). The first page of each such allocation is read (one page, never
 * more) to see whether it holds a PE header. Runs after the module collector.
 */
public final class WindowsMemoryCollector extends WindowsCollector {
    static final String AREA = "processes";
    /** Allocations whose header is read per process at most (JIT-heavy processes have thousands of RX regions). */
    static final int MAX_HEADER_READS = 256;

    public WindowsMemoryCollector(WindowsSources sources) {
        super(AREA, sources);
    }

    @Override
    public void collect(Snapshot snapshot, CollectOptions options) {
        Coverage coverage = snapshot.coverage();
        WindowsFacts facts = WindowsFacts.of(snapshot);
        for (ProcessInfo p : snapshot.processes()) {
            if (p.executable() == null || facts.process(p.pid()).map(WinProcessFacts::limited).orElse(false)) {
                continue;
            }
            String who = p.pid() + " (" + p.name() + ")";
            List<RegionEntry> regions;
            try {
                regions = sources.memory().regions(p.pid());
            } catch (WindowsException e) {
                if (e.gone()) {
                    coverage.count(AREA, "vanished before their memory was mapped");
                } else {
                    coverage.gap(AREA, "memory map not readable: " + e.getMessage(), who);
                }
                continue;
            }
            facts.addRegions(unexplained(p.pid(), regions, facts, coverage, who));
            coverage.count(AREA, "memory maps read");
        }
    }

    List<ExecRegion> unexplained(int pid, List<RegionEntry> regions, WindowsFacts facts, Coverage coverage, String who) {
        Set<Long> moduleBases = new HashSet<>();
        for (ModuleInfo m : facts.modules(pid)) {
            moduleBases.add(m.base());
        }
        boolean modulesKnown = facts.modulesListed(pid);
        Map<Long, RegionEntry> allocationStart = new HashMap<>();
        for (RegionEntry r : regions) {
            if (r.base() == r.allocationBase()) {
                allocationStart.put(r.allocationBase(), r);
            }
        }
        Map<Long, byte[]> headers = new HashMap<>();
        List<ExecRegion> out = new ArrayList<>();
        int reads = 0;
        for (RegionEntry r : regions) {
            if (!r.committed() || !r.executable()) {
                continue;
            }
            boolean image = r.type() == MemoryConstants.MEM_IMAGE;
            if (image && (!modulesKnown || moduleBases.contains(r.allocationBase()))) {
                continue; // an image the loader lists: judged through its module
            }
            byte[] header = headers.get(r.allocationBase());
            if (header == null && !headers.containsKey(r.allocationBase())) {
                if (reads++ < MAX_HEADER_READS) {
                    header = header(pid, allocationStart.getOrDefault(r.allocationBase(), r));
                } else {
                    coverage.gap(AREA, "executable allocation header not read: " + MAX_HEADER_READS
                            + " per process at most", who);
                }
                headers.put(r.allocationBase(), header);
            }
            boolean read = header != null;
            out.add(new ExecRegion(pid, r.base(), r.allocationBase(), r.size(), MemoryConstants.typeName(r.type()),
                    MemoryConstants.protectName(r.protect()), MemoryConstants.protectName(r.allocationProtect()),
                    r.mappedPath() == null ? null : WindowsPaths.normalise(r.mappedPath(), facts.systemRoot()), read,
                    read && PeHeader.mzPe(header, header.length), read && PeHeader.peSignatureOnly(header, header.length)));
        }
        return out;
    }

    /** The first page of an allocation, when its first region is committed and readable; null otherwise. */
    private byte[] header(int pid, RegionEntry first) {
        if (!first.committed() || !MemoryConstants.readable(first.protect())) {
            return null;
        }
        int length = (int) Math.min(MemoryConstants.PAGE_SIZE, first.size());
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            int n = sources.memory().read(pid, first.base(), buffer);
            if (n < 0x40) {
                return null;
            }
            byte[] bytes = new byte[n];
            System.arraycopy(buffer.array(), 0, bytes, 0, n);
            return bytes;
        } catch (WindowsException e) {
            return null;
        }
    }
}
