package dev.ferret.fleet.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The few aggregations every fleet question is built from. The embedded engine (DuckDB) and OpenSearch both
 * implement them, so the questions give the same answers on either.
 */
public interface FleetSource extends AutoCloseable {

    /** Every key entity (one that appears in some finding) with the number of hosts it appears on at all. */
    List<Prevalence> prevalence() throws Exception;

    /** For each of these entities, each host it is on, with the earliest time seen there. */
    List<EntityHost> entityHosts(Collection<EntityKey> keys) throws Exception;

    /** The key entities one host carries in its findings. */
    List<EntityKey> hostEntities(String host) throws Exception;

    /** Every report: host, time, whether it completed, its coverage record. */
    List<ReportInfo> reports() throws Exception;

    /** What each of these reports holds that a change feed compares: findings, persistence, listeners. */
    List<ChangeKey> changeKeys(Collection<String> reportIds) throws Exception;

    /** Outbound TCP 445 connections of the hosts that reported a mass-SMB finding: host and destination. */
    List<Contact> smbContacts() throws Exception;

    /** The addresses each host was seen on (its sockets' local addresses), to name the hosts a worm reached. */
    List<Contact> hostAddresses() throws Exception;

    /** Lines and files that could not be read as ferret records (embedded loads only; empty elsewhere). */
    List<Problem> problems() throws Exception;

    @Override
    void close() throws Exception;

    record EntityKey(String kind, String value) implements Comparable<EntityKey> {
        @Override
        public int compareTo(EntityKey o) {
            int c = kind.compareTo(o.kind);
            return c != 0 ? c : value.compareTo(o.value);
        }

        /** IOC-grade: something an attacker brought, not merely which rule fired. */
        public boolean iocGrade() {
            return !kind.equals(EntityKinds.RULE);
        }
    }

    record Prevalence(EntityKey key, long hosts) {
    }

    record EntityHost(EntityKey key, String host, Instant firstSeen) {
    }

    record ReportInfo(String id, String host, Instant time, boolean complete, String version, long lines,
                      List<String> gaps, List<String> notes, long permissionDenied) {
    }

    record ChangeKey(String reportId, String key) {
    }

    /** A host and an address: a destination it contacted, or an address it was seen on. */
    record Contact(String host, String address) {
    }

    record Problem(String file, String what, long count) {
    }
}
