package dev.ferret.os.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Psapi;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An opened process: image path, times, token, command line (PEB), modules, memory regions and reads. Opens with
 * PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, falling back to PROCESS_QUERY_LIMITED_INFORMATION (protected
 * processes such as a PPL lsass answer that one only). Never writes to the target.
 */
public final class WinProcess implements AutoCloseable {
    static final int PROCESS_VM_READ = 0x0010;
    static final int PROCESS_QUERY_INFORMATION = 0x0400;
    static final int PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
    /** The highest user-mode address VirtualQueryEx is asked about (64-bit user space ends at 128 TiB). */
    private static final long USER_SPACE_END_64 = 0x7FFF_FFFF_FFFFL;
    private static final int MAX_REGIONS = 500_000;
    private static final int MAX_PATH_CHARS = 32_768;

    private final int pid;
    private final WinNT.HANDLE handle;
    private final boolean memoryReadable;

    private WinProcess(int pid, WinNT.HANDLE handle, boolean memoryReadable) {
        this.pid = pid;
        this.handle = handle;
        this.memoryReadable = memoryReadable;
    }

    /**
     * @throws WindowsException {@link WindowsException#accessDenied()} for protected processes ferret may not
     *                          open at all, {@link WindowsException#gone()} for a process that exited
     */
    public static WinProcess open(int pid) throws WindowsException {
        Windows.require();
        Kernel32 k = Kernel32.INSTANCE;
        WinNT.HANDLE h = k.OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, false, pid);
        if (h != null) {
            return new WinProcess(pid, h, true);
        }
        int first = k.GetLastError();
        if (first == WindowsException.ERROR_INVALID_PARAMETER) {
            throw new WindowsException("OpenProcess " + pid, first);
        }
        h = k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
        if (h == null) {
            throw new WindowsException("OpenProcess " + pid, k.GetLastError());
        }
        return new WinProcess(pid, h, false);
    }

    /** CPU time (kernel + user, 100 ns units) of a process, opening it just for that. */
    public static long cpuTime(int pid) throws WindowsException {
        try (WinProcess p = open(pid)) {
            return p.times()[1];
        }
    }

    public int pid() {
        return pid;
    }

    /** False when only limited query rights were granted: no command line, modules or memory. */
    public boolean memoryReadable() {
        return memoryReadable;
    }

    public String imagePath() throws WindowsException {
        char[] buffer = new char[MAX_PATH_CHARS];
        IntByReference size = new IntByReference(buffer.length);
        if (!Kernel32.INSTANCE.QueryFullProcessImageName(handle, 0, buffer, size)) {
            throw new WindowsException("QueryFullProcessImageName " + pid, Kernel32.INSTANCE.GetLastError());
        }
        return new String(buffer, 0, size.getValue());
    }

    /** {creation time in ms since the epoch, kernel + user time in 100 ns}. */
    long[] times() throws WindowsException {
        WinBase.FILETIME created = new WinBase.FILETIME();
        WinBase.FILETIME exited = new WinBase.FILETIME();
        WinBase.FILETIME kernel = new WinBase.FILETIME();
        WinBase.FILETIME user = new WinBase.FILETIME();
        if (!Kernel32.INSTANCE.GetProcessTimes(handle, created, exited, kernel, user)) {
            throw new WindowsException("GetProcessTimes " + pid, Kernel32.INSTANCE.GetLastError());
        }
        return new long[] {created.toTime(), kernel.toDWordLong().longValue() + user.toDWordLong().longValue()};
    }

    public boolean wow64() {
        IntByReference wow = new IntByReference();
        return Kernel32.INSTANCE.IsWow64Process(handle, wow) && wow.getValue() != 0;
    }

    /** Everything this process answers; fields it refuses are left null / -1 rather than failing the whole read. */
    public ProcessDetail detail() throws WindowsException {
        String image = imagePath();
        Instant created = null;
        long cpu = -1;
        try {
            long[] t = times();
            created = Instant.ofEpochMilli(t[0]);
            cpu = t[1];
        } catch (WindowsException e) {
            // keep nulls
        }
        IntByReference session = new IntByReference(-1);
        if (!Kernel32.INSTANCE.ProcessIdToSessionId(pid, session)) {
            session.setValue(-1);
        }
        String sid = null;
        String account = null;
        int integrity = -1;
        WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
        if (Advapi32.INSTANCE.OpenProcessToken(handle, WinNT.TOKEN_QUERY, token)) {
            try {
                try {
                    Advapi32Util.Account a = Advapi32Util.getTokenAccount(token.getValue());
                    sid = a.sidString;
                    account = a.domain == null || a.domain.isEmpty() ? a.name : a.domain + "\\" + a.name;
                } catch (Win32Exception e) {
                    // account unknown
                }
                integrity = integrity(token.getValue());
            } finally {
                Kernel32.INSTANCE.CloseHandle(token.getValue());
            }
        }
        String commandLine = null;
        try {
            commandLine = commandLine();
        } catch (WindowsException e) {
            // protected process or it exited: no command line
        }
        return new ProcessDetail(image, commandLine, created, cpu, session.getValue(), sid, account, integrity,
                wow64(), !memoryReadable, workingSetKb());
    }

    /** Resident working set in KiB, -1 when refused (limited rights before Windows 8.1). */
    long workingSetKb() {
        int size = 8 + 8 * Native.POINTER_SIZE;
        try (Memory counters = new Memory(size)) {
            counters.setInt(0, size);
            if (!PsapiExt.INSTANCE.GetProcessMemoryInfo(handle, counters, size)) {
                return -1;
            }
            long workingSet = Native.POINTER_SIZE == 8 ? counters.getLong(8 + 8) : counters.getInt(8 + 4) & 0xFFFF_FFFFL;
            return workingSet / 1024;
        }
    }

    private static int integrity(WinNT.HANDLE token) {
        try (Memory m = new Memory(128)) {
            IntByReference returned = new IntByReference();
            if (!Advapi32Ext.INSTANCE.GetTokenInformation(token, Advapi32Ext.TOKEN_INTEGRITY_LEVEL, m, (int) m.size(),
                    returned)) {
                return -1;
            }
            String sid = Advapi32Util.convertSidToStringSid(new WinNT.PSID(m.getPointer(0)));
            return Integer.parseInt(sid.substring(sid.lastIndexOf('-') + 1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * The command line: ProcessCommandLineInformation on Windows 8.1 and later (limited rights suffice), the PEB
     * otherwise (needs PROCESS_VM_READ; 64-bit layout for native targets, the PEB32 for WOW64 ones).
     */
    public String commandLine() throws WindowsException {
        NtDllExt nt = NtDllExt.INSTANCE;
        IntByReference needed = new IntByReference();
        int status = nt.NtQueryInformationProcess(handle, NtDllExt.PROCESS_COMMAND_LINE_INFORMATION, null, 0, needed);
        if ((status == NtDllExt.STATUS_INFO_LENGTH_MISMATCH || status == NtDllExt.STATUS_BUFFER_TOO_SMALL
                || status == NtDllExt.STATUS_BUFFER_OVERFLOW) && needed.getValue() > 0) {
            try (Memory m = new Memory(needed.getValue())) {
                status = nt.NtQueryInformationProcess(handle, NtDllExt.PROCESS_COMMAND_LINE_INFORMATION, m,
                        (int) m.size(), needed);
                if (status == 0) {
                    String s = PebReader.unicodeStringInBuffer(m.getByteArray(0, (int) m.size()), Pointer.nativeValue(m),
                            Native.POINTER_SIZE);
                    if (s != null) {
                        return s;
                    }
                }
            }
        }
        if (!memoryReadable) {
            throw new WindowsException("command line of " + pid + " (no PROCESS_VM_READ)",
                    WindowsException.ERROR_ACCESS_DENIED);
        }
        PebReader.Remote remote = this::read;
        if (Native.POINTER_SIZE == 8 && wow64()) {
            try (Memory m = new Memory(8)) {
                status = nt.NtQueryInformationProcess(handle, NtDllExt.PROCESS_WOW64_INFORMATION, m, 8, needed);
                if (status != 0) {
                    throw new WindowsException("NtQueryInformationProcess(Wow64) " + pid, status);
                }
                return PebReader.commandLine32(remote, m.getLong(0));
            }
        }
        try (Memory m = new Memory(6L * Native.POINTER_SIZE)) {
            status = nt.NtQueryInformationProcess(handle, NtDllExt.PROCESS_BASIC_INFORMATION, m, (int) m.size(), needed);
            if (status != 0) {
                throw new WindowsException("NtQueryInformationProcess(Basic) " + pid, status);
            }
            long peb = Pointer.nativeValue(m.getPointer(Native.POINTER_SIZE));
            return Native.POINTER_SIZE == 8 ? PebReader.commandLine64(remote, peb) : PebReader.commandLine32(remote, peb);
        }
    }

    /** Every module the loader lists, 32- and 64-bit, with the file each image section really maps. */
    public List<ModuleEntry> modules(Map<String, String> devices, String systemRoot) throws WindowsException {
        int ps = Native.POINTER_SIZE;
        IntByReference needed = new IntByReference();
        long capacity = 1024;
        for (int attempt = 0; attempt < 4; attempt++) {
            try (Memory handles = new Memory(capacity * ps)) {
                if (!PsapiExt.INSTANCE.EnumProcessModulesEx(handle, handles, (int) handles.size(), needed,
                        PsapiExt.LIST_MODULES_ALL)) {
                    throw new WindowsException("EnumProcessModulesEx " + pid, Kernel32.INSTANCE.GetLastError());
                }
                if (needed.getValue() > handles.size()) {
                    capacity = needed.getValue() / ps + 64;
                    continue;
                }
                List<ModuleEntry> modules = new ArrayList<>();
                char[] name = new char[MAX_PATH_CHARS];
                for (int i = 0; i < needed.getValue() / ps; i++) {
                    Pointer module = handles.getPointer((long) i * ps);
                    int n = PsapiExt.INSTANCE.GetModuleFileNameExW(handle, module, name, name.length);
                    Psapi.MODULEINFO info = new Psapi.MODULEINFO();
                    long base = Pointer.nativeValue(module);
                    long size = 0;
                    if (PsapiExt.INSTANCE.GetModuleInformation(handle, module, info, info.size())) {
                        base = Pointer.nativeValue(info.lpBaseOfDll);
                        size = info.SizeOfImage & 0xFFFFFFFFL;
                    }
                    String path = n > 0 ? DosPaths.toDos(new String(name, 0, n), devices, systemRoot) : null;
                    modules.add(new ModuleEntry(base, size, path, mappedFileName(base, devices, systemRoot)));
                }
                return modules;
            }
        }
        throw new WindowsException("EnumProcessModulesEx " + pid + " (module list kept growing)",
                WindowsException.ERROR_PARTIAL_COPY);
    }

    /** The file mapped at an address, as a DOS path; null for private memory or when the question is refused. */
    public String mappedFileName(long address, Map<String, String> devices, String systemRoot) {
        char[] name = new char[MAX_PATH_CHARS];
        int n = PsapiExt.INSTANCE.GetMappedFileNameW(handle, new Pointer(address), name, name.length);
        return n > 0 ? DosPaths.toDos(new String(name, 0, n), devices, systemRoot) : null;
    }

    /** Committed and reserved regions of user space, with the mapped file of image and mapped ones. */
    public List<RegionEntry> regions(Map<String, String> devices, String systemRoot) throws WindowsException {
        List<RegionEntry> regions = new ArrayList<>();
        Map<Long, String> mappedByAllocation = new HashMap<>();
        long end = Native.POINTER_SIZE == 8 ? USER_SPACE_END_64 : 0xFFFF_FFFFL;
        long address = 0;
        WinNT.MEMORY_BASIC_INFORMATION mbi = new WinNT.MEMORY_BASIC_INFORMATION();
        while (address < end && regions.size() < MAX_REGIONS) {
            BaseTSD.SIZE_T r = Kernel32.INSTANCE.VirtualQueryEx(handle, new Pointer(address), mbi,
                    new BaseTSD.SIZE_T(mbi.size()));
            if (r.longValue() == 0) {
                int error = Kernel32.INSTANCE.GetLastError();
                if (regions.isEmpty() && error != WindowsException.ERROR_INVALID_PARAMETER) {
                    throw new WindowsException("VirtualQueryEx " + pid, error);
                }
                break; // ERROR_INVALID_PARAMETER past the last region
            }
            long base = Pointer.nativeValue(mbi.baseAddress);
            long size = mbi.regionSize.longValue();
            int state = mbi.state.intValue();
            int type = mbi.type.intValue();
            if (state != MemoryConstants.MEM_FREE) {
                long allocation = Pointer.nativeValue(mbi.allocationBase);
                String mapped = null;
                if (type == MemoryConstants.MEM_IMAGE || type == MemoryConstants.MEM_MAPPED) {
                    mapped = mappedByAllocation.computeIfAbsent(allocation,
                            a -> String.valueOf(mappedFileName(base, devices, systemRoot)));
                    mapped = "null".equals(mapped) ? null : mapped;
                }
                regions.add(new RegionEntry(base, allocation, mbi.allocationProtect.intValue(), size, state,
                        mbi.protect.intValue(), type, mapped));
            }
            long next = base + size;
            if (size <= 0 || next <= address) {
                break;
            }
            address = next;
        }
        return regions;
    }

    /** Reads exactly {@code length} bytes or throws. */
    public byte[] read(long address, int length) throws WindowsException {
        if (!memoryReadable) {
            throw new WindowsException("ReadProcessMemory " + pid, WindowsException.ERROR_ACCESS_DENIED);
        }
        try (Memory m = new Memory(Math.max(1, length))) {
            IntByReference read = new IntByReference();
            boolean ok = Kernel32.INSTANCE.ReadProcessMemory(handle, new Pointer(address), m, length, read);
            if (!ok || read.getValue() != length) {
                throw new WindowsException(String.format("ReadProcessMemory %d at 0x%x", pid, address),
                        ok ? WindowsException.ERROR_PARTIAL_COPY : Kernel32.INSTANCE.GetLastError());
            }
            return m.getByteArray(0, length);
        }
    }

    /** Reads up to {@code into.remaining()} bytes; a partial copy returns what was read. */
    public int read(long address, ByteBuffer into) throws WindowsException {
        if (!memoryReadable) {
            throw new WindowsException("ReadProcessMemory " + pid, WindowsException.ERROR_ACCESS_DENIED);
        }
        int length = into.remaining();
        IntByReference read = new IntByReference();
        boolean ok;
        if (into.isDirect()) {
            Pointer target = Native.getDirectBufferPointer(into).share(into.position());
            ok = Kernel32.INSTANCE.ReadProcessMemory(handle, new Pointer(address), target, length, read);
            if (read.getValue() > 0) {
                into.position(into.position() + read.getValue());
            }
        } else {
            try (Memory m = new Memory(Math.max(1, length))) {
                ok = Kernel32.INSTANCE.ReadProcessMemory(handle, new Pointer(address), m, length, read);
                if (read.getValue() > 0) {
                    into.put(m.getByteArray(0, read.getValue()));
                }
            }
        }
        if (!ok && read.getValue() == 0) {
            throw new WindowsException(String.format("ReadProcessMemory %d at 0x%x", pid, address),
                    Kernel32.INSTANCE.GetLastError());
        }
        return read.getValue();
    }

    /**
     * Working-set attributes (PSAPI_WORKING_SET_EX_BLOCK) of consecutive pages: bit 0 valid (resident), bit 15
     * shared. Asking does not touch the pages.
     */
    public long[] workingSet(long address, int pages) throws WindowsException {
        int ps = Native.POINTER_SIZE;
        long[] attributes = new long[pages];
        try (Memory m = new Memory(Math.max(1L, (long) pages * 2 * ps))) {
            for (int i = 0; i < pages; i++) {
                m.setPointer((long) i * 2 * ps, new Pointer(address + (long) i * MemoryConstants.PAGE_SIZE));
            }
            if (!PsapiExt.INSTANCE.QueryWorkingSetEx(handle, m, (int) m.size())) {
                throw new WindowsException("QueryWorkingSetEx " + pid, Kernel32.INSTANCE.GetLastError());
            }
            for (int i = 0; i < pages; i++) {
                long offset = (long) i * 2 * ps + ps;
                attributes[i] = ps == 8 ? m.getLong(offset) : m.getInt(offset) & 0xFFFFFFFFL;
            }
        }
        return attributes;
    }

    @Override
    public void close() {
        Kernel32.INSTANCE.CloseHandle(handle);
    }
}
