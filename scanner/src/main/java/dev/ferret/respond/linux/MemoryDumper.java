package dev.ferret.respond.linux;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.memory.MemoryRegion;
import dev.ferret.memory.ProcessMemory;
import dev.ferret.memory.RegionPolicy;
import dev.ferret.respond.quarantine.Store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Dumps the memory of a suspended process into the store: the resident pages of its private and modified
 * mappings (heap, stacks, anonymous memory, written file mappings), read through /proc/PID/mem page run by page
 * run, so nothing is faulted in. Unmodified file mappings are named in the index, not copied (the file is on
 * disk, and is captured as evidence when it matters). The dump is encoded like every stored object; a JSON
 * index maps each region to its offset in the dump.
 */
public final class MemoryDumper {
    /** What was written. */
    public record Result(String dump, String index, long bytes, int regions, int skipped, String sha256,
                         boolean capped) {
    }

    private final ProcessMemory memory;
    private final RegionPolicy policy = new RegionPolicy();

    public MemoryDumper(ProcessMemory memory) {
        this.memory = memory;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Result dump(int pid, String name, Store store, long maxBytes) throws IOException {
        List<MemoryRegion> regions = memory.regions(pid);
        Path dump = store.memoryFile(name + ".mem.quarantine");
        Path indexFile = store.memoryFile(name + ".json");
        ObjectNode index = store.node();
        index.put("pid", pid);
        index.put("encoding", "FERRETQ1 header, XOR with 'ferret-quarantine' (see FERRET-STORE.txt)");
        ArrayNode list = index.putArray("regions");
        MessageDigest sha = sha256();
        long offset = 0;
        int dumped = 0;
        int skipped = 0;
        boolean capped = false;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (OutputStream out = Store.encoder(dump)) {
            for (MemoryRegion r : regions) {
                ObjectNode node = list.addObject();
                node.put("range", r.describe());
                RegionPolicy.Decision d = policy.decide(r);
                node.put("action", d.action().name().toLowerCase(java.util.Locale.ROOT));
                if (d.action() != RegionPolicy.Action.READ_MEMORY) {
                    if (d.reason() != null) {
                        node.put("reason", d.reason());
                    }
                    if (d.action() == RegionPolicy.Action.SKIP) {
                        skipped++;
                    }
                    continue;
                }
                ArrayNode runs = node.putArray("runs");
                for (long[] run : memory.residentRuns(pid, r)) {
                    long address = run[0];
                    long left = run[1];
                    if (offset + left > maxBytes) {
                        capped = true;
                        left = Math.max(0, maxBytes - offset);
                    }
                    ObjectNode rn = runs.addObject();
                    rn.put("address", Long.toHexString(address));
                    rn.put("offset", offset);
                    long written = 0;
                    while (left > 0) {
                        buffer.clear();
                        buffer.limit((int) Math.min(buffer.capacity(), left));
                        int n = memory.read(pid, address + written, buffer);
                        if (n <= 0) {
                            break;
                        }
                        out.write(buffer.array(), 0, n);
                        sha.update(buffer.array(), 0, n);
                        written += n;
                        left -= n;
                    }
                    rn.put("length", written);
                    offset += written;
                    if (capped) {
                        break;
                    }
                }
                dumped++;
                if (capped) {
                    node.put("note", "dump cap of " + (maxBytes >> 20) + " MiB reached here");
                    break;
                }
            }
        }
        try {
            Files.setPosixFilePermissions(dump, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        } catch (IOException | UnsupportedOperationException e) {
            // a store without modes still keeps the dump
        }
        String hash = HexFormat.of().formatHex(sha.digest());
        index.put("bytes", offset);
        index.put("sha256", hash);
        Files.writeString(indexFile, store.json().writerWithDefaultPrettyPrinter().writeValueAsString(index),
                StandardCharsets.UTF_8);
        return new Result(store.dir().relativize(dump).toString(), store.dir().relativize(indexFile).toString(),
                offset, dumped, skipped, hash, capped);
    }
}
