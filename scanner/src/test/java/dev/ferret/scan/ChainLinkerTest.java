package dev.ferret.scan;

import dev.ferret.model.Endpoint;
import dev.ferret.model.FileRef;
import dev.ferret.model.Finding;
import dev.ferret.model.PersistenceEntry;
import dev.ferret.model.ProcessRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ChainLinkerTest {
    @Test
    void cronBinaryProcessAndConnectionFormOneChain() {
        PersistenceEntry cron = new PersistenceEntry("cron", "/var/spool/cron/root", 1, "root",
                "cp /etc/.sh /tmp/.sh; /tmp/.sh", null, List.of("/etc/.sh", "/tmp/.sh"));
        Finding persistence = Finding.builder("p", "cron").reason("copy-run-delete", 80).persistence(cron).build();
        Finding copy = Finding.builder("c", "copy").reason("same md5", 70).file(FileRef.of("/etc/.sh")).build();
        Finding process = Finding.builder("h", "hidden").reason("hidden", 90)
                .process(new ProcessRef(10273, 1, ".sh", "/etc/.sh", "/etc/.sh")).build();
        Finding pool = Finding.builder("n", "pool").reason("pool", 85).process(ProcessRef.pidOnly(10273))
                .destination(new Endpoint("91.121.140.167", 3333)).build();
        Finding unrelated = Finding.builder("u", "other").reason("other", 40).file(FileRef.of("/opt/x")).build();

        List<Finding> linked = ChainLinker.link(List.of(unrelated, persistence, copy, process, pool));
        String chain = linked.get(1).chain();
        assertEquals("c1", chain, "the strongest story is c1");
        for (int i = 1; i < 5; i++) {
            assertEquals(chain, linked.get(i).chain(), linked.get(i).ruleId());
        }
        assertNotEquals(chain, linked.get(0).chain());
        assertEquals("c2", linked.get(0).chain());
    }

    @Test
    void unspecifiedAddressesDoNotLinkUnrelatedFindings() {
        Finding a = Finding.builder("a", "a").reason("a", 50).destination(new Endpoint("0.0.0.0", 0)).build();
        Finding b = Finding.builder("b", "b").reason("b", 50).destination(new Endpoint("0.0.0.0", 0)).build();
        List<Finding> linked = ChainLinker.link(List.of(a, b));
        assertNotEquals(linked.get(0).chain(), linked.get(1).chain());
    }
}
