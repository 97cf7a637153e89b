package dev.ferret.respond.quarantine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Map;

/**
 * The metadata of a file as it was, so that undo can put it back exactly: type, size, mode (with set-id and
 * sticky bits), numeric owner and group (and their names at the time), access and modification times to the
 * nanosecond, the change time and inode (recorded only: no system call sets them), and a symlink's target.
 */
public record FileFacts(String type, long size, int mode, int uid, int gid, String owner, String group,
                        Instant atime, Instant mtime, Instant ctime, long inode, long device, String linkTarget) {

    /** Reads the facts of {@code real} without following a final symlink. */
    public static FileFacts of(Path real) throws IOException {
        Map<String, Object> a = Files.readAttributes(real, "unix:*", LinkOption.NOFOLLOW_LINKS);
        String type = Boolean.TRUE.equals(a.get("isSymbolicLink")) ? "symlink"
                : Boolean.TRUE.equals(a.get("isRegularFile")) ? "file"
                : Boolean.TRUE.equals(a.get("isDirectory")) ? "directory" : "other";
        UserPrincipal owner = (UserPrincipal) a.get("owner");
        GroupPrincipal group = (GroupPrincipal) a.get("group");
        String link = type.equals("symlink") ? dev.ferret.model.PathBytes.text(Files.readSymbolicLink(real)) : null;
        return new FileFacts(type, ((Number) a.get("size")).longValue(), ((Number) a.get("mode")).intValue() & 07777,
                ((Number) a.get("uid")).intValue(), ((Number) a.get("gid")).intValue(),
                owner == null ? null : owner.getName(), group == null ? null : group.getName(),
                ((FileTime) a.get("lastAccessTime")).toInstant(), ((FileTime) a.get("lastModifiedTime")).toInstant(),
                ((FileTime) a.get("ctime")).toInstant(), ((Number) a.get("ino")).longValue(),
                ((Number) a.get("dev")).longValue(), link);
    }

    /** Puts owner, mode and times back on {@code real} (owner first: chown clears set-id bits). */
    public void applyTo(Path real) throws IOException {
        boolean link = type.equals("symlink");
        Files.setAttribute(real, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(real, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        if (!link) {
            Files.setAttribute(real, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        }
        BasicFileAttributeView view = Files.getFileAttributeView(real, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        try {
            view.setTimes(FileTime.from(mtime), FileTime.from(atime), null);
        } catch (IOException e) {
            if (!link) {
                throw e;
            }
            // some file systems cannot set a symlink's own times: the link itself is what matters
        }
    }

    public void write(ObjectNode node) {
        node.put("type", type);
        node.put("size", size);
        node.put("mode", String.format("%04o", mode));
        node.put("uid", uid);
        node.put("gid", gid);
        if (owner != null) {
            node.put("owner", owner);
        }
        if (group != null) {
            node.put("group", group);
        }
        node.put("atime", atime.toString());
        node.put("mtime", mtime.toString());
        node.put("ctime", ctime.toString());
        node.put("inode", inode);
        node.put("device", device);
        if (linkTarget != null) {
            node.put("link_target", linkTarget);
        }
    }

    public static FileFacts read(com.fasterxml.jackson.databind.JsonNode node) {
        return new FileFacts(node.path("type").asText("file"), node.path("size").asLong(),
                Integer.parseInt(node.path("mode").asText("0600"), 8), node.path("uid").asInt(), node.path("gid").asInt(),
                text(node, "owner"), text(node, "group"), Instant.parse(node.path("atime").asText()),
                Instant.parse(node.path("mtime").asText()), Instant.parse(node.path("ctime").asText()),
                node.path("inode").asLong(), node.path("device").asLong(), text(node, "link_target"));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
