package dev.ferret.os.windows;

/** The vocabulary of VirtualQueryEx: states, types and page protections, and their Linux-style "rwxp" form. */
public final class MemoryConstants {
    public static final int MEM_COMMIT = 0x1000;
    public static final int MEM_RESERVE = 0x2000;
    public static final int MEM_FREE = 0x10000;
    public static final int MEM_PRIVATE = 0x20000;
    public static final int MEM_MAPPED = 0x40000;
    public static final int MEM_IMAGE = 0x1000000;

    public static final int PAGE_NOACCESS = 0x01;
    public static final int PAGE_READONLY = 0x02;
    public static final int PAGE_READWRITE = 0x04;
    public static final int PAGE_WRITECOPY = 0x08;
    public static final int PAGE_EXECUTE = 0x10;
    public static final int PAGE_EXECUTE_READ = 0x20;
    public static final int PAGE_EXECUTE_READWRITE = 0x40;
    public static final int PAGE_EXECUTE_WRITECOPY = 0x80;
    public static final int PAGE_GUARD = 0x100;
    public static final int PAGE_NOCACHE = 0x200;
    public static final int PAGE_WRITECOMBINE = 0x400;

    public static final int PAGE_SIZE = 4096;

    private MemoryConstants() {
    }

    public static boolean executable(int protect) {
        return (protect & 0xF0) != 0 && (protect & PAGE_GUARD) == 0;
    }

    public static boolean writable(int protect) {
        int p = protect & 0xFF;
        return p == PAGE_READWRITE || p == PAGE_WRITECOPY || p == PAGE_EXECUTE_READWRITE || p == PAGE_EXECUTE_WRITECOPY;
    }

    /** Readable without tripping a guard page or faulting. */
    public static boolean readable(int protect) {
        int p = protect & 0xFF;
        return (protect & PAGE_GUARD) == 0 && p != PAGE_NOACCESS && p != PAGE_EXECUTE && p != 0;
    }

    /** "rwxp" style permissions: p for private memory, s for image and mapped sections. */
    public static String perms(int protect, int type) {
        StringBuilder s = new StringBuilder(4);
        s.append(readable(protect) ? 'r' : '-');
        s.append(readable(protect) && writable(protect) ? 'w' : '-');
        s.append(readable(protect) && executable(protect) ? 'x' : '-');
        s.append(type == MEM_PRIVATE ? 'p' : 's');
        return s.toString();
    }

    public static String typeName(int type) {
        return switch (type) {
            case MEM_IMAGE -> "IMAGE";
            case MEM_MAPPED -> "MAPPED";
            case MEM_PRIVATE -> "PRIVATE";
            default -> type == 0 ? "NONE" : String.format("0x%x", type);
        };
    }

    public static int typeOf(String name) {
        return switch (name) {
            case "IMAGE" -> MEM_IMAGE;
            case "MAPPED" -> MEM_MAPPED;
            case "PRIVATE" -> MEM_PRIVATE;
            default -> 0;
        };
    }

    public static String stateName(int state) {
        return switch (state) {
            case MEM_COMMIT -> "COMMIT";
            case MEM_RESERVE -> "RESERVE";
            case MEM_FREE -> "FREE";
            default -> String.format("0x%x", state);
        };
    }

    public static int stateOf(String name) {
        return switch (name) {
            case "COMMIT" -> MEM_COMMIT;
            case "RESERVE" -> MEM_RESERVE;
            case "FREE" -> MEM_FREE;
            default -> 0;
        };
    }

    /** "PAGE_EXECUTE_READWRITE", with "+GUARD" and friends for the modifier bits. */
    public static String protectName(int protect) {
        String base = switch (protect & 0xFF) {
            case PAGE_NOACCESS -> "PAGE_NOACCESS";
            case PAGE_READONLY -> "PAGE_READONLY";
            case PAGE_READWRITE -> "PAGE_READWRITE";
            case PAGE_WRITECOPY -> "PAGE_WRITECOPY";
            case PAGE_EXECUTE -> "PAGE_EXECUTE";
            case PAGE_EXECUTE_READ -> "PAGE_EXECUTE_READ";
            case PAGE_EXECUTE_READWRITE -> "PAGE_EXECUTE_READWRITE";
            case PAGE_EXECUTE_WRITECOPY -> "PAGE_EXECUTE_WRITECOPY";
            case 0 -> "0";
            default -> String.format("0x%x", protect & 0xFF);
        };
        if ((protect & PAGE_GUARD) != 0) {
            base += "+GUARD";
        }
        if ((protect & PAGE_NOCACHE) != 0) {
            base += "+NOCACHE";
        }
        if ((protect & PAGE_WRITECOMBINE) != 0) {
            base += "+WRITECOMBINE";
        }
        return base;
    }

    /** Inverse of {@link #protectName} (for recorded data). */
    public static int protectOf(String name) {
        int value = 0;
        for (String part : name.split("\\+")) {
            value |= switch (part) {
                case "PAGE_NOACCESS" -> PAGE_NOACCESS;
                case "PAGE_READONLY" -> PAGE_READONLY;
                case "PAGE_READWRITE" -> PAGE_READWRITE;
                case "PAGE_WRITECOPY" -> PAGE_WRITECOPY;
                case "PAGE_EXECUTE" -> PAGE_EXECUTE;
                case "PAGE_EXECUTE_READ" -> PAGE_EXECUTE_READ;
                case "PAGE_EXECUTE_READWRITE" -> PAGE_EXECUTE_READWRITE;
                case "PAGE_EXECUTE_WRITECOPY" -> PAGE_EXECUTE_WRITECOPY;
                case "GUARD" -> PAGE_GUARD;
                case "NOCACHE" -> PAGE_NOCACHE;
                case "WRITECOMBINE" -> PAGE_WRITECOMBINE;
                case "0" -> 0;
                default -> part.startsWith("0x") ? Integer.parseInt(part.substring(2), 16) : 0;
            };
        }
        return value;
    }
}
