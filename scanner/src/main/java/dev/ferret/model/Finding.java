package dev.ferret.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one currency of ferret: a detector's verdict about some entities, with the evidence behind it.
 * Immutable once built; {@link #withChain} returns a copy linked to an infection chain.
 */
public record Finding(
        String ruleId,
        String ruleName,
        List<String> categories,
        List<String> techniques,
        int score,
        List<Reason> reasons,
        ProcessRef process,
        FileRef file,
        Endpoint source,
        Endpoint destination,
        PersistenceEntry persistence,
        List<String> response,
        String chain) {

    public Finding {
        categories = List.copyOf(categories);
        techniques = List.copyOf(techniques);
        reasons = List.copyOf(reasons);
        response = List.copyOf(response);
    }

    public Severity severity() {
        return Severity.ofScore(score);
    }

    public Finding withChain(String chainId) {
        return new Finding(ruleId, ruleName, categories, techniques, score, reasons, process, file, source,
                destination, persistence, response, chainId);
    }

    public static Builder builder(String ruleId, String ruleName) {
        return new Builder(ruleId, ruleName);
    }

    /** Collects reasons and entities; the score is computed from the reasons' weights. */
    public static final class Builder {
        private final String ruleId;
        private final String ruleName;
        private final List<String> categories = new ArrayList<>();
        private final List<String> techniques = new ArrayList<>();
        private final List<Reason> reasons = new ArrayList<>();
        private final List<String> response = new ArrayList<>();
        private ProcessRef process;
        private FileRef file;
        private Endpoint source;
        private Endpoint destination;
        private PersistenceEntry persistence;
        private Integer fixedScore;

        private Builder(String ruleId, String ruleName) {
            this.ruleId = Objects.requireNonNull(ruleId);
            this.ruleName = Objects.requireNonNull(ruleName);
        }

        public Builder category(String... values) {
            categories.addAll(List.of(values));
            return this;
        }

        public Builder technique(String... ids) {
            for (String id : ids) {
                if (!techniques.contains(id)) {
                    techniques.add(id);
                }
            }
            return this;
        }

        public Builder reason(String text, int weight) {
            reasons.add(new Reason(text, weight));
            return this;
        }

        public Builder respond(String step) {
            if (!response.contains(step)) {
                response.add(step);
            }
            return this;
        }

        public Builder process(ProcessRef value) {
            this.process = value;
            return this;
        }

        public Builder process(ProcessInfo value) {
            return process(ProcessRef.of(value));
        }

        public Builder file(FileRef value) {
            this.file = value;
            return this;
        }

        public Builder source(Endpoint value) {
            this.source = value;
            return this;
        }

        public Builder destination(Endpoint value) {
            this.destination = value;
            return this;
        }

        public Builder persistence(PersistenceEntry value) {
            this.persistence = value;
            return this;
        }

        /** Overrides the combined score, for findings whose weight is not a sum of hints. */
        public Builder score(int value) {
            this.fixedScore = value;
            return this;
        }

        public boolean hasReasons() {
            return !reasons.isEmpty();
        }

        public Finding build() {
            if (reasons.isEmpty()) {
                throw new IllegalStateException("finding " + ruleId + " has no reason");
            }
            int score = fixedScore != null ? fixedScore
                    : Score.combine(reasons.stream().map(Reason::weight).toList());
            return new Finding(ruleId, ruleName, categories, techniques, score, reasons, process, file, source,
                    destination, persistence, response, null);
        }
    }
}
