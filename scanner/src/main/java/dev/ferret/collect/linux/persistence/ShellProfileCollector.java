package dev.ferret.collect.linux.persistence;

import dev.ferret.model.PersistenceEntry;

import java.util.List;

/**
 * Shell start-up files, which run at every login or every interactive shell: /etc/profile, /etc/profile.d/*,
 * /etc/bash.bashrc, /etc/bashrc, /etc/environment, the zsh and csh system files, and each account's .bashrc,
 * .bash_profile, .profile, .zshrc, .bash_login, .bash_logout (and the zsh/csh equivalents). One entry per file
 * with at least one line that is not a comment; its text is the command (the detectors judge it line by line).
 * The user is the account for files in a home directory, null (everyone) for system-wide files.
 */
public final class ShellProfileCollector extends PersistenceCollector {
    static final String KIND = "profile";

    @Override
    protected List<String> kinds() {
        return List.of(KIND);
    }

    @Override
    void collect(HostFiles files, List<PersistenceEntry> out) {
        for (ProfileFiles.Source source : ProfileFiles.of(files)) {
            files.read(source.path()).filter(t -> files.claim(t.real()))
                    .filter(PersistenceCollector::worthAnEntry)
                    .ifPresent(t -> out.add(script(KIND, t, source.user())));
        }
    }
}
