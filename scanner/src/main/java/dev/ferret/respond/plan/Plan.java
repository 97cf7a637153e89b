package dev.ferret.respond.plan;

import java.time.Instant;
import java.util.List;

/**
 * An ordered response plan for one host.
 *
 * @param root   "/" for the live host, or the mounted image the file steps act on
 * @param live   false for an offline image: only file and persistence steps
 * @param source "scan" or "report FILE"
 * @param chains the finding chains the plan acts on
 * @param notes  what the responder should know (chains left out and why, steps not possible here)
 */
public record Plan(Platform platform, String host, String root, boolean live, Instant created, String source,
                   List<String> chains, List<Step> steps, List<String> notes) {
    public Plan {
        chains = List.copyOf(chains);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }

    public long executableSteps() {
        return steps.stream().filter(Step::executable).count();
    }
}
