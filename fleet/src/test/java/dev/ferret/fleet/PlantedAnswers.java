package dev.ferret.fleet;

import dev.ferret.fleet.engine.FleetSource.EntityKey;
import dev.ferret.fleet.generate.FleetGenerator;
import dev.ferret.fleet.generate.FleetGenerator.Planted;
import dev.ferret.fleet.questions.FleetAnswers;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that each fleet question returns exactly what the generator planted, whichever engine answered. */
public final class PlantedAnswers {
    private PlantedAnswers() {
    }

    static final EntityKey MODULE = new EntityKey("module",
            "svchost.exe > " + FleetGenerator.MODULE_PATH + " " + FleetGenerator.MODULE_SHA256);
    static final EntityKey POOL = new EntityKey("address", FleetGenerator.POOL_IP);

    public static void check(FleetAnswers a, Planted p) {
        assertEquals(p.hosts(), a.hosts());
        // prevalence: rare first, and the module on exactly its 3 hosts
        for (int i = 1; i < a.prevalence().size(); i++) {
            assertTrue(a.prevalence().get(i - 1).hosts() <= a.prevalence().get(i).hosts(), "rare first");
        }
        assertEquals(3, hostsOf(a, MODULE));
        assertEquals(3, hostsOf(a, POOL));
        assertEquals(2, hostsOf(a, new EntityKey("ssh.key", FleetGenerator.SSH_KEY)));
        assertEquals(2, hostsOf(a, new EntityKey("persistence", FleetGenerator.CRON_LINE)));

        // who else: patient zero's module hosts, and every host that contacted the pool (one without a finding)
        FleetAnswers.WhoElse byHost = a.whoElse().get(0);
        assertEquals(Set.copyOf(p.moduleHosts().subList(1, 3)), hosts(byHost));
        FleetAnswers.WhoElse byPool = a.whoElse().get(1);
        assertEquals(Set.copyOf(p.poolHosts()), hosts(byPool));

        // spread: patient zero first, then in the order the module arrived
        FleetAnswers.Spread module = a.spread().stream().filter(s -> s.key().equals(MODULE)).findFirst().orElseThrow();
        assertEquals(p.moduleHosts(), module.hosts().stream().map(FleetAnswers.Seen::host).toList());
        for (int i = 1; i < a.spread().size(); i++) {
            assertTrue(!a.spread().get(i).hosts().get(0).first().isBefore(a.spread().get(i - 1).hosts().get(0).first()),
                    "the earliest outbreak leads");
        }
        FleetAnswers.SmbReach zero = a.smb().stream().filter(m -> m.host().equals(p.patientZero())).findFirst()
                .orElseThrow();
        assertEquals(Set.copyOf(p.patientZeroReached()), Set.copyOf(zero.reached()));
        assertEquals(2, a.smb().size());

        // what changed: the one host infected since yesterday, nothing gone
        assertEquals(List.of(p.changedHost()), a.changes().stream().map(FleetAnswers.Change::host).toList());
        FleetAnswers.Change c = a.changes().get(0);
        assertTrue(c.gone().isEmpty(), c.gone().toString());
        assertTrue(c.added().stream().anyMatch(k -> k.startsWith("finding network.pool-connection")), c.added().toString());
        assertTrue(c.added().contains("persistence cron /var/spool/cron/crontabs/root " + FleetGenerator.CRON_LINE));
        assertTrue(c.added().contains("listener tcp 0.0.0.0:4444"), c.added().toString());

        // coverage
        assertEquals(List.of(p.staleHost()), a.coverage().stale().stream().map(FleetAnswers.Stale::host).toList());
        assertEquals(1, a.coverage().incomplete().size());
        assertTrue(a.coverage().incomplete().get(0).startsWith(p.cutHost() + "@"));
        FleetAnswers.Blind blind = a.coverage().blind().stream().filter(b -> b.host().equals(p.blindHost()))
                .findFirst().orElseThrow();
        assertEquals(3, blind.permissionDenied());
        assertTrue(blind.notes().get(0).startsWith("YARA unavailable"));
        assertEquals(1, a.coverage().newer().size());
        assertTrue(a.coverage().newer().get(0).startsWith(p.newerHost() + "@"));
    }

    private static long hostsOf(FleetAnswers a, EntityKey key) {
        return a.prevalence().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow(() ->
                new AssertionError("no prevalence row for " + key)).hosts();
    }

    private static Set<String> hosts(FleetAnswers.WhoElse w) {
        return w.hosts().stream().map(FleetAnswers.Sharing::host).collect(Collectors.toSet());
    }
}
