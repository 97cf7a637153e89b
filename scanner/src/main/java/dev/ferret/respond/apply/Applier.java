package dev.ferret.respond.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferret.respond.plan.Plan;
import dev.ferret.respond.plan.Step;
import dev.ferret.respond.quarantine.Store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a plan step by step, in its order, and writes every outcome to the store's audit log as it happens. A
 * failed step is recorded and the run goes on with the remaining steps: each step protects itself (nothing is
 * removed before it is stored, no process is signalled before it is identified), so a failure never makes a
 * later step unsafe; the audit says exactly what was and was not done.
 */
public final class Applier {
    private final StepExecutor executor;
    private final Store store;
    private final Clock clock;
    private final String run;
    private final Consumer<Outcome> progress;

    public Applier(StepExecutor executor, Store store, Clock clock, String run, Consumer<Outcome> progress) {
        this.executor = executor;
        this.store = store;
        this.clock = clock;
        this.run = run;
        this.progress = progress;
    }

    public List<Outcome> apply(Plan plan, Map<String, String> runFacts) {
        ObjectNode start = entry("run-start", null);
        start.put("host", plan.host());
        start.put("platform", plan.platform().id());
        start.put("root", plan.root());
        start.put("live", plan.live());
        start.put("source", plan.source());
        start.put("steps", plan.steps().size());
        runFacts.forEach(start::put);
        store.audit(start);
        executor.begin(plan);
        List<Outcome> outcomes = new ArrayList<>();
        List<Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Outcome o;
            if (step.refused()) {
                o = Outcome.of(step.id(), step.kind(), step.action().type(), step.target(), Outcome.Status.REFUSED,
                        step.refusal());
            } else if (step.manual()) {
                o = Outcome.of(step.id(), step.kind(), step.action().type(), step.target(), Outcome.Status.MANUAL,
                        "printed, not executed: " + (step.shell() != null ? step.shell() : step.reason()));
            } else {
                try {
                    o = executor.execute(step);
                } catch (RuntimeException e) {
                    o = Outcome.of(step.id(), step.kind(), step.action().type(), step.target(), Outcome.Status.FAILED,
                            "unexpected error: " + e);
                }
            }
            record(o, outcomes);
            boolean lastOfKind = i + 1 == steps.size() || steps.get(i + 1).kind() != step.kind();
            if (lastOfKind) {
                try {
                    for (Outcome extra : executor.settle(step.kind(), steps)) {
                        record(extra, outcomes);
                    }
                } catch (RuntimeException e) {
                    record(Outcome.of(step.id() + ".settle", step.kind(), "settle", step.kind().id(),
                            Outcome.Status.FAILED, "unexpected error: " + e), outcomes);
                }
            }
        }
        ObjectNode end = entry("run-end", null);
        Map<Outcome.Status, Integer> counts = new EnumMap<>(Outcome.Status.class);
        outcomes.forEach(o -> counts.merge(o.status(), 1, Integer::sum));
        ObjectNode c = end.putObject("results");
        counts.forEach((k, v) -> c.put(k.id(), v));
        store.audit(end);
        return outcomes;
    }

    private void record(Outcome o, List<Outcome> outcomes) {
        outcomes.add(o);
        ObjectNode e = entry("step", o);
        store.audit(e);
        if (progress != null) {
            progress.accept(o);
        }
    }

    private ObjectNode entry(String event, Outcome o) {
        ObjectNode e = store.node();
        e.put("@timestamp", clock.instant().toString());
        e.put("run", run);
        e.put("event", event);
        if (o != null) {
            e.put("step", o.stepId());
            e.put("kind", o.kind() == null ? null : o.kind().id());
            e.put("action", o.action());
            e.put("target", o.target());
            e.put("result", o.status().id());
            if (o.status() == Outcome.Status.FAILED) {
                e.put("error", o.message());
            } else {
                e.put("message", o.message());
            }
            if (!o.details().isEmpty()) {
                ArrayNode d = e.putArray("details");
                o.details().forEach(d::add);
            }
        }
        return e;
    }

    /** True when every executed step ended done or already done. */
    public static boolean complete(List<Outcome> outcomes) {
        return outcomes.stream().noneMatch(o -> o.status() == Outcome.Status.FAILED);
    }
}
