package dev.ferret.fleet.questions;

import dev.ferret.fleet.engine.FleetSource;
import dev.ferret.fleet.engine.FleetSource.ChangeKey;
import dev.ferret.fleet.engine.FleetSource.Contact;
import dev.ferret.fleet.engine.FleetSource.EntityHost;
import dev.ferret.fleet.engine.FleetSource.EntityKey;
import dev.ferret.fleet.engine.FleetSource.ReportInfo;
import dev.ferret.fleet.questions.FleetAnswers.Blind;
import dev.ferret.fleet.questions.FleetAnswers.Change;
import dev.ferret.fleet.questions.FleetAnswers.Coverage;
import dev.ferret.fleet.questions.FleetAnswers.Prevalent;
import dev.ferret.fleet.questions.FleetAnswers.Seen;
import dev.ferret.fleet.questions.FleetAnswers.Sharing;
import dev.ferret.fleet.questions.FleetAnswers.SmbReach;
import dev.ferret.fleet.questions.FleetAnswers.Spread;
import dev.ferret.fleet.questions.FleetAnswers.Stale;
import dev.ferret.fleet.questions.FleetAnswers.WhoElse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Answers the fleet questions from a {@link FleetSource}, the same way whichever engine is behind it. */
public final class FleetQuestions {
    private final FleetSource source;
    private final Duration staleAfter;
    private final int spreadLimit;

    public FleetQuestions(FleetSource source, Duration staleAfter, int spreadLimit) {
        this.source = source;
        this.staleAfter = staleAfter;
        this.spreadLimit = spreadLimit;
    }

    /** {@code askHosts} and {@code askEntities}: the who-else questions (entity values, any kind). */
    public FleetAnswers answer(List<String> askHosts, List<String> askEntities, String ferretVersion) throws Exception {
        List<ReportInfo> reports = source.reports();
        Map<String, List<ReportInfo>> byHost = new TreeMap<>();
        for (ReportInfo r : reports) {
            byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r);
        }
        byHost.values().forEach(l -> l.sort(Comparator.comparing(ReportInfo::time).reversed()));
        int hosts = byHost.size();

        List<Prevalent> prevalence = source.prevalence().stream()
                .map(p -> new Prevalent(p.key(), p.hosts()))
                .sorted(Comparator.comparingLong(Prevalent::hosts).thenComparing(Prevalent::key))
                .toList();
        return new FleetAnswers(hosts, reports.size(), prevalence, whoElse(askHosts, askEntities, prevalence),
                spread(prevalence, hosts, askEntities), smb(), changes(byHost), coverage(byHost, ferretVersion));
    }

    private List<WhoElse> whoElse(List<String> askHosts, List<String> askEntities, List<Prevalent> prevalence)
            throws Exception {
        List<WhoElse> out = new ArrayList<>();
        for (String host : askHosts) {
            Set<EntityKey> keys = source.hostEntities(host).stream().filter(EntityKey::iocGrade)
                    .collect(Collectors.toCollection(TreeSet::new));
            out.add(new WhoElse("host " + host, sharing(keys, host)));
        }
        for (String value : askEntities) {
            out.add(new WhoElse("entity " + value, sharing(matching(value, prevalence), null)));
        }
        return out;
    }

    private static Set<EntityKey> matching(String value, List<Prevalent> prevalence) {
        return prevalence.stream().map(Prevalent::key)
                .filter(k -> k.value().equalsIgnoreCase(value) || (k.kind() + ":" + k.value()).equalsIgnoreCase(value))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private List<Sharing> sharing(Set<EntityKey> keys, String except) throws Exception {
        Map<String, Set<EntityKey>> byHost = new TreeMap<>();
        for (EntityHost eh : source.entityHosts(keys)) {
            if (!eh.host().equals(except)) {
                byHost.computeIfAbsent(eh.host(), h -> new TreeSet<>()).add(eh.key());
            }
        }
        return byHost.entrySet().stream().map(e -> new Sharing(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    /** IOC-grade entities on more than one host but not on most of the fleet, earliest outbreak first. */
    private List<Spread> spread(List<Prevalent> prevalence, int hosts, List<String> askEntities) throws Exception {
        Set<EntityKey> keys = new LinkedHashSet<>();
        for (String value : askEntities) {
            keys.addAll(matching(value, prevalence));
        }
        prevalence.stream().filter(p -> p.key().iocGrade() && p.hosts() >= 2 && p.hosts() <= Math.max(2, hosts / 2))
                .limit(spreadLimit).forEach(p -> keys.add(p.key()));
        Map<EntityKey, List<Seen>> seen = new HashMap<>();
        for (EntityHost eh : source.entityHosts(keys)) {
            seen.computeIfAbsent(eh.key(), k -> new ArrayList<>()).add(new Seen(eh.host(), eh.firstSeen()));
        }
        Comparator<Seen> order = Comparator.comparing(Seen::first, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Seen::host);
        return seen.entrySet().stream()
                .map(e -> new Spread(e.getKey(), e.getValue().stream().sorted(order).toList()))
                .sorted(Comparator.comparing((Spread s) -> s.hosts().get(0), order).thenComparing(Spread::key))
                .toList();
    }

    private List<SmbReach> smb() throws Exception {
        Map<String, String> hostOf = new HashMap<>();
        for (Contact c : source.hostAddresses()) {
            hostOf.merge(c.address(), c.host(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        Map<String, Set<String>> reached = new TreeMap<>();
        for (Contact c : source.smbContacts()) {
            reached.computeIfAbsent(c.host(), h -> new TreeSet<>()).add(hostOf.getOrDefault(c.address(), c.address()));
        }
        return reached.entrySet().stream().map(e -> new SmbReach(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    private List<Change> changes(Map<String, List<ReportInfo>> byHost) throws Exception {
        List<String> wanted = new ArrayList<>();
        byHost.values().stream().filter(l -> l.size() >= 2).forEach(l -> {
            wanted.add(l.get(0).id());
            wanted.add(l.get(1).id());
        });
        Map<String, Set<String>> keys = new HashMap<>();
        for (ChangeKey k : source.changeKeys(wanted)) {
            keys.computeIfAbsent(k.reportId(), r -> new TreeSet<>()).add(k.key());
        }
        List<Change> out = new ArrayList<>();
        for (var e : byHost.entrySet()) {
            List<ReportInfo> l = e.getValue();
            if (l.size() < 2) {
                continue;
            }
            Set<String> now = keys.getOrDefault(l.get(0).id(), Set.of());
            Set<String> before = keys.getOrDefault(l.get(1).id(), Set.of());
            List<String> added = now.stream().filter(k -> !before.contains(k)).toList();
            List<String> gone = before.stream().filter(k -> !now.contains(k)).toList();
            if (!added.isEmpty() || !gone.isEmpty()) {
                out.add(new Change(e.getKey(), l.get(1).time(), l.get(0).time(), added, gone));
            }
        }
        return out;
    }

    private Coverage coverage(Map<String, List<ReportInfo>> byHost, String ferretVersion) throws Exception {
        Instant newest = byHost.values().stream().map(l -> l.get(0).time()).max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
        List<Stale> stale = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        List<Blind> blind = new ArrayList<>();
        List<String> newer = new ArrayList<>();
        for (var e : byHost.entrySet()) {
            ReportInfo last = e.getValue().get(0);
            if (last.time().isBefore(newest.minus(staleAfter))) {
                stale.add(new Stale(e.getKey(), last.time()));
            }
            for (ReportInfo r : e.getValue()) {
                if (!r.complete()) {
                    incomplete.add(r.id() + " (no closing coverage record: the scan did not finish or the file is cut)");
                }
                if (r.version() != null && Versions.newer(r.version(), ferretVersion)) {
                    newer.add(r.id() + " written by ferret " + r.version() + " (this is " + ferretVersion
                        + "): read as far as its fields are known");
                }
            }
            if (last.permissionDenied() > 0 || !last.notes().isEmpty()) {
                blind.add(new Blind(e.getKey(), last.permissionDenied(), last.notes()));
            }
        }
        stale.sort(Comparator.comparing(Stale::last));
        return new Coverage(stale, incomplete, blind, newer, source.problems());
    }
}
