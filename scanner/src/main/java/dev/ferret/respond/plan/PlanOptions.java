package dev.ferret.respond.plan;

import dev.ferret.model.Severity;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the responder asked for.
 *
 * @param minSeverity act on chains whose worst finding is at least this severe
 * @param chains      act only on these chain ids (empty: every chain at or above minSeverity)
 * @param dumpMemory  dump the memory of suspended malicious processes into the store
 * @param blockSmb    also block inbound SMB/RPC (135, 137-139, 445)
 * @param only        keep only steps of these kinds (empty: all)
 * @param skip        leave out steps of these kinds
 */
public record PlanOptions(Severity minSeverity, Set<String> chains, boolean dumpMemory, boolean blockSmb,
                          Set<StepKind> only, Set<StepKind> skip) {
    public PlanOptions {
        chains = Set.copyOf(chains);
        only = only.isEmpty() ? EnumSet.noneOf(StepKind.class) : EnumSet.copyOf(only);
        skip = skip.isEmpty() ? EnumSet.noneOf(StepKind.class) : EnumSet.copyOf(skip);
    }

    public static PlanOptions defaults() {
        return new PlanOptions(Severity.HIGH, Set.of(), false, false, Set.of(), Set.of());
    }

    public boolean wants(StepKind kind) {
        return (only.isEmpty() || only.contains(kind)) && !skip.contains(kind);
    }
}
