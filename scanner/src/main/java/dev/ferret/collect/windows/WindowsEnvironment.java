package dev.ferret.collect.windows;

import dev.ferret.os.windows.RegistryValue;
import dev.ferret.os.windows.WindowsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The environment Windows expands registry and task paths with, rebuilt from the registry rather than taken from
 * ferret's own process: the machine's variables (Session Manager\Environment, the Windows and program
 * directories) and, per user profile, USERPROFILE, APPDATA, LOCALAPPDATA and TEMP.
 */
public final class WindowsEnvironment {
    static final String CURRENT_VERSION = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    static final String PROFILE_LIST = CURRENT_VERSION + "\\ProfileList";
    static final String MACHINE_ENVIRONMENT = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment";

    /** A user profile: SID, profile directory and the account's leaf name. */
    public record Profile(String sid, String directory, String name) {
    }

    private final String systemRoot;
    private final Map<String, String> machine;
    private final List<Profile> profiles;
    private final Map<String, Map<String, String>> users;

    private WindowsEnvironment(String systemRoot, Map<String, String> machine, List<Profile> profiles,
                               Map<String, Map<String, String>> users) {
        this.systemRoot = systemRoot;
        this.machine = machine;
        this.profiles = profiles;
        this.users = users;
    }

    public static WindowsEnvironment read(RegistrySource registry) {
        String systemRoot = text(registry, CURRENT_VERSION, "SystemRoot").orElse("C:\\Windows");
        String drive = systemRoot.length() >= 2 ? systemRoot.substring(0, 2) : "C:";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("SystemRoot", systemRoot);
        m.put("windir", systemRoot);
        m.put("SystemDrive", drive);
        String programFiles = text(registry, "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion", "ProgramFilesDir")
                .orElse(drive + "\\Program Files");
        m.put("ProgramFiles", programFiles);
        m.put("ProgramW6432", programFiles);
        m.put("ProgramFiles(x86)", text(registry, "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion",
                "ProgramFilesDir (x86)").orElse(drive + "\\Program Files (x86)"));
        m.put("CommonProgramFiles", programFiles + "\\Common Files");
        String programData = text(registry, PROFILE_LIST, "ProgramData").orElse(drive + "\\ProgramData");
        m.put("ProgramData", expandSelf(programData, m));
        m.put("ALLUSERSPROFILE", m.get("ProgramData"));
        m.put("PUBLIC", expandSelf(text(registry, PROFILE_LIST, "Public").orElse(drive + "\\Users\\Public"), m));
        String profilesDirectory = expandSelf(text(registry, PROFILE_LIST, "ProfilesDirectory")
                .orElse(drive + "\\Users"), m);
        m.put("ProfilesDirectory", profilesDirectory);
        try {
            for (Map.Entry<String, RegistryValue> e : registry.values(MACHINE_ENVIRONMENT).entrySet()) {
                String v = e.getValue().text();
                if (v != null && !e.getKey().equalsIgnoreCase("Path")) {
                    m.putIfAbsent(e.getKey(), expandSelf(v, m));
                }
            }
        } catch (WindowsException e) {
            // defaults only
        }
        m.putIfAbsent("TEMP", systemRoot + "\\TEMP");
        m.putIfAbsent("TMP", systemRoot + "\\TEMP");

        List<Profile> profiles = new ArrayList<>();
        Map<String, Map<String, String>> users = new LinkedHashMap<>();
        List<String> sids;
        try {
            sids = registry.subKeys(PROFILE_LIST);
        } catch (WindowsException e) {
            sids = List.of();
        }
        for (String sid : sids) {
            Optional<String> dir = text(registry, PROFILE_LIST + "\\" + sid, "ProfileImagePath");
            if (dir.isEmpty()) {
                continue;
            }
            String directory = WindowsPaths.normalise(expandSelf(dir.get(), m), systemRoot);
            Profile p = new Profile(sid, directory, WindowsPaths.fileName(directory));
            profiles.add(p);
            Map<String, String> u = new LinkedHashMap<>(m);
            u.put("USERPROFILE", directory);
            u.put("HOMEDRIVE", directory.length() >= 2 ? directory.substring(0, 2) : drive);
            u.put("HOMEPATH", directory.length() > 2 ? directory.substring(2) : "\\");
            u.put("USERNAME", p.name());
            u.put("APPDATA", directory + "\\AppData\\Roaming");
            u.put("LOCALAPPDATA", directory + "\\AppData\\Local");
            u.put("TEMP", directory + "\\AppData\\Local\\Temp");
            u.put("TMP", directory + "\\AppData\\Local\\Temp");
            try {
                for (Map.Entry<String, RegistryValue> e : registry.values("HKU\\" + sid + "\\Environment").entrySet()) {
                    String v = e.getValue().text();
                    if (v != null && !e.getKey().equalsIgnoreCase("Path")) {
                        u.put(e.getKey(), expandSelf(v, u));
                    }
                }
            } catch (WindowsException e) {
                // the hive is not loaded (user not logged on): profile defaults
            }
            users.put(sid.toUpperCase(Locale.ROOT), u);
        }
        return new WindowsEnvironment(systemRoot, m, List.copyOf(profiles), users);
    }

    private static String expandSelf(String value, Map<String, String> vars) {
        return WindowsPaths.expand(value, vars);
    }

    static Optional<String> text(RegistrySource registry, String key, String value) {
        try {
            RegistryValue v = registry.values(key).get(value);
            return v == null || v.text() == null || v.text().isBlank() ? Optional.empty() : Optional.of(v.text());
        } catch (WindowsException e) {
            return Optional.empty();
        }
    }

    public String systemRoot() {
        return systemRoot;
    }

    /** Machine-wide variables (services, HKLM Run keys, machine tasks: TEMP is %SystemRoot%\TEMP). */
    public Map<String, String> machine() {
        return machine;
    }

    /** A user's variables, or the machine's when the SID has no profile. */
    public Map<String, String> user(String sid) {
        return sid == null ? machine : users.getOrDefault(sid.toUpperCase(Locale.ROOT), machine);
    }

    public List<Profile> profiles() {
        return profiles;
    }

    public Optional<Profile> profile(String sid) {
        return profiles.stream().filter(p -> p.sid().equalsIgnoreCase(sid)).findFirst();
    }

    /** Well-known service and system SIDs have profiles but are not people. */
    public static boolean serviceSid(String sid) {
        return sid.equals("S-1-5-18") || sid.equals("S-1-5-19") || sid.equals("S-1-5-20");
    }
}
