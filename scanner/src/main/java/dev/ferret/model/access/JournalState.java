package dev.ferret.model.access;

import java.time.Instant;
import java.util.List;

/**
 * What the systemd journal said, read through the platform's journalctl.
 *
 * @param available false when there is no journal or no journalctl; {@code note} says which
 * @param entries   entries read (the newest ones, up to the cap)
 * @param boots     the boots the journal knows, oldest first
 * @param jumps     sequence-number gaps and clock steps between consecutive entries of one journal
 */
public record JournalState(boolean available, String note, long entries, List<Boot> boots, List<Jump> jumps) {
    public JournalState {
        boots = List.copyOf(boots);
        jumps = List.copyOf(jumps);
    }

    /** One boot: its id and the first and last entry the journal holds for it. */
    public record Boot(String id, Instant first, Instant last) {
    }

    /**
     * A discontinuity: {@code kind} "sequence" (entries numbered {@code before}+1 .. {@code after}-1 are missing
     * within one boot) or "time" (an entry earlier than its predecessor within one boot).
     */
    public record Jump(String kind, Instant at, Instant previous, long before, long after, String bootId) {
    }
}
