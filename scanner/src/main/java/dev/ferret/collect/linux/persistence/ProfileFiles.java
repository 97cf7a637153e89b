package dev.ferret.collect.linux.persistence;

import java.util.ArrayList;
import java.util.List;

/** The shell start-up files of the scanned host: system-wide ones, then each account's own. */
final class ProfileFiles {
    /** A start-up file and whose shells read it (null: every user's login shells). */
    record Source(String path, String user) {
    }

    static final List<String> GLOBAL = List.of("/etc/profile", "/etc/bash.bashrc", "/etc/bashrc",
            "/etc/bash.bash_logout", "/etc/environment", "/etc/zshenv", "/etc/zprofile", "/etc/zshrc",
            "/etc/zlogin", "/etc/zsh/zshenv", "/etc/zsh/zprofile", "/etc/zsh/zshrc", "/etc/zsh/zlogin",
            "/etc/csh.cshrc", "/etc/csh.login");
    static final List<String> GLOBAL_DIRS = List.of("/etc/profile.d");
    static final List<String> PER_USER = List.of(".bashrc", ".bash_profile", ".profile", ".zshrc", ".bash_login",
            ".bash_logout", ".zprofile", ".zshenv", ".zlogin", ".cshrc", ".tcshrc");

    private ProfileFiles() {
    }

    static List<Source> of(HostFiles files) {
        List<Source> out = new ArrayList<>();
        GLOBAL.forEach(p -> out.add(new Source(p, null)));
        for (String dir : GLOBAL_DIRS) {
            files.list(dir).forEach(p -> out.add(new Source(p, null)));
        }
        for (Homes.Home home : Homes.of(files)) {
            for (String name : PER_USER) {
                out.add(new Source(home.dir() + "/" + name, home.user()));
            }
        }
        return out;
    }
}
