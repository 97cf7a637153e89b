package dev.ferret.exposure;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetsTest {
    private final List<String> looked = new ArrayList<>();
    private final Targets.Resolver resolver = name -> {
        looked.add(name);
        if (name.equals("fileserver.corp")) {
            return InetAddress.getByAddress(name, new byte[] {10, 1, 2, 3});
        }
        throw new UnknownHostException(name);
    };

    private List<String> parse(String... specs) throws Exception {
        return Targets.parse(List.of(specs), null, resolver).stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void addressesRangesAndNames() throws Exception {
        assertEquals(List.of("192.0.2.7"), parse("192.0.2.7"));
        List<String> c = parse("192.0.2.0/24");
        assertEquals(254, c.size());
        assertEquals("192.0.2.1", c.get(0));
        assertEquals("192.0.2.254", c.get(253));
        assertEquals(List.of("192.0.2.4", "192.0.2.5"), parse("192.0.2.5/31"));
        assertEquals(List.of("192.0.2.9"), parse("192.0.2.9/32"));
        assertEquals(List.of("192.0.2.1", "192.0.2.2"), parse("192.0.2.1/30"));
        assertEquals(List.of("10.1.2.3"), parse("fileserver.corp"));
        assertEquals(List.of("fileserver.corp"), looked, "literals are never looked up");
        assertEquals(List.of("192.0.2.1"), parse("192.0.2.1", "192.0.2.1"));
        assertEquals(1, parse("2001:db8::1").size());
        assertEquals(List.of("fileserver.corp"), looked);
    }

    @Test
    void badTargetsAreRefusedWithTheReason() {
        for (String bad : new String[] {"256.1.1.1", "1.2.3.4/33", "1.2.3.4/x", "10.0.0.0/8", "a..b", "-x",
            "1.2.3", "no-such-host", "gg::1"}) {
            Targets.TargetException e = assertThrows(Targets.TargetException.class, () -> parse(bad), bad);
            assertTrue(e.getMessage().contains(bad.split("/")[0].isEmpty() ? bad : "'") || e.getMessage()
                    .contains(bad), e.getMessage());
        }
        assertThrows(Targets.TargetException.class, () -> parse());
    }

    @Test
    void fileOfTargets() throws Exception {
        Path f = Files.createTempFile("targets", ".txt");
        try {
            Files.writeString(f, "# subnet of the first host\n192.0.2.10 192.0.2.11\n\n192.0.2.12,  # dc\n"
                    + "fileserver.corp\n");
            List<String> got = Targets.parse(List.of("192.0.2.10"), f, resolver).stream()
                    .map(InetAddress::getHostAddress).toList();
            assertEquals(List.of("192.0.2.10", "192.0.2.11", "192.0.2.12", "10.1.2.3"), got);
            Files.writeString(f, "192.0.2.1\n300.0.0.1\n");
            Targets.TargetException e = assertThrows(Targets.TargetException.class,
                    () -> Targets.parse(List.of(), f, resolver));
            assertTrue(e.getMessage().contains(f + ":2"), e.getMessage());
            assertThrows(Targets.TargetException.class,
                    () -> Targets.parse(List.of(), f.resolveSibling("missing-targets"), resolver));
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
