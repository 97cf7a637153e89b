package dev.ferret.fleet.questions;

import dev.ferret.fleet.engine.FleetSource.EntityKey;
import dev.ferret.fleet.engine.FleetSource.Problem;

import java.time.Instant;
import java.util.List;

/** The answers to the fleet questions, as plain data for the text, JSON Lines and HTML writers. */
public record FleetAnswers(int hosts, int reports, List<Prevalent> prevalence, List<WhoElse> whoElse,
                           List<Spread> spread, List<SmbReach> smb, List<Change> changes, Coverage coverage) {

    /** A key entity and the number of hosts it is on. */
    public record Prevalent(EntityKey key, long hosts) {
    }

    /** Hosts sharing IOC-grade entities with a chosen host or entity. */
    public record WhoElse(String asked, List<Sharing> hosts) {
    }

    public record Sharing(String host, List<EntityKey> shared) {
    }

    /** One entity's first time on each host, earliest first: the first is patient zero. */
    public record Spread(EntityKey key, List<Seen> hosts) {
    }

    public record Seen(String host, Instant first) {
    }

    /** A host with mass outbound 445 and the hosts (or addresses) it reached. */
    public record SmbReach(String host, List<String> reached) {
    }

    /** A host's newest report against its previous one. */
    public record Change(String host, Instant previous, Instant newest, List<String> added, List<String> gone) {
    }

    public record Coverage(List<Stale> stale, List<String> incomplete, List<Blind> blind, List<String> newer,
                           List<Problem> problems) {
    }

    /** A host whose newest report is older than the fleet's newest by more than the allowed gap. */
    public record Stale(String host, Instant last) {
    }

    /** A host whose newest scan could not see something. */
    public record Blind(String host, long permissionDenied, List<String> notes) {
    }
}
