package dev.ferret.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a namespace script reported: its exit code, output, the KEY=VALUE facts it printed (planted pids,
 * sanity checks), and the ferret run it made (report.jsonl, ferret.err and ferret.rc in the work dir,
 * written by lib.sh's run_ferret).
 */
record ScriptResult(String script, int exitCode, String stdout, String stderr, Path work) {
    Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        stdout.lines().filter(l -> l.matches("[A-Z][A-Z0-9_]*=.*")).forEach(l -> {
            int eq = l.indexOf('=');
            facts.put(l.substring(0, eq), l.substring(eq + 1));
        });
        return facts;
    }

    String fact(String key) {
        String value = facts().get(key);
        if (value == null) {
            fail(script + " did not report " + key + "\n" + this);
        }
        return value;
    }

    int pid(String key) {
        return Integer.parseInt(fact(key));
    }

    /** Fails with the script's output unless it ran to the end. */
    ScriptResult succeeded() {
        assertEquals(0, exitCode, script + " failed\n" + this);
        return this;
    }

    /** ferret's run inside the namespace. */
    FerretRun ferret() {
        try {
            Path rc = work.resolve("ferret.rc");
            assertTrue(Files.exists(rc), script + " did not run ferret\n" + this);
            Path report = work.resolve("report.jsonl");
            return new FerretRun(Integer.parseInt(Files.readString(rc).strip()),
                    Files.exists(report) ? Files.readString(report) : "", Files.readString(work.resolve("ferret.err")));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- " + script + " stdout ---\n" + stdout + "--- " + script + " stderr ---\n"
                + stderr;
    }
}
