package dev.ferret.model.access;

import java.time.Instant;
import java.util.List;

/**
 * Failed logins from one source as one channel saw them. The same failure may appear in btmp, in auth.log and in
 * the journal: detectors compare channels (taking the largest count), they never add them up.
 *
 * @param source     remote address or host name ("" for local failures)
 * @param channel    "btmp", "auth-log", "syslog", "journal"
 * @param count      failures seen
 * @param users      a sample of the account names tried (at most {@link #MAX_USERS})
 * @param userCount  how many distinct names were tried (counted up to a cap)
 * @param origin     where the first one was read, for evidence
 */
public record FailureSummary(String source, String channel, long count, Instant first, Instant last,
                             List<String> users, int userCount, String origin) {
    public static final int MAX_USERS = 10;

    public FailureSummary {
        users = List.copyOf(users);
    }
}
