package dev.ferret.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ferret's own finding categories (process, persistence, memory, defense-evasion...) as ECS's allowed
 * event.category values, with an event.type each category expects. ferret's words stay in
 * ferret.categories; ECS gets only values Elastic's dashboards know.
 */
final class EcsCategories {
    /** ECS's categories and types for one record. */
    record Mapped(List<String> categories, List<String> types) {
    }

    private EcsCategories() {
    }

    static Mapped forAlert(List<String> ferretCategories) {
        Set<String> categories = new LinkedHashSet<>();
        for (String c : ferretCategories) {
            categories.add(ecs(c));
        }
        categories.add("intrusion_detection");
        return new Mapped(List.copyOf(categories), types(categories));
    }

    static Mapped forFact(String category) {
        Set<String> one = Set.of(category);
        return new Mapped(List.of(category), types(one));
    }

    private static String ecs(String ferretCategory) {
        return switch (ferretCategory.toLowerCase(Locale.ROOT)) {
            case "process", "execution", "memory" -> "process";
            case "file" -> "file";
            case "network" -> "network";
            case "persistence", "configuration" -> "configuration";
            case "authentication" -> "authentication";
            case "library" -> "library";
            case "host" -> "host";
            case "vulnerability" -> "vulnerability";
            case "malware" -> "malware";
            case "package" -> "package";
            case "registry" -> "registry";
            case "session" -> "session";
            case "iam" -> "iam";
            default -> "intrusion_detection"; // defense-evasion, intrusion and any future word
        };
    }

    /** One type each category expects (ECS's "expected event types" table). */
    private static List<String> types(Set<String> categories) {
        Set<String> types = new LinkedHashSet<>();
        for (String c : categories) {
            types.add(switch (c) {
                case "library" -> "start";
                case "registry" -> "change";
                case "iam" -> "info";
                default -> "info";
            });
        }
        return List.copyOf(types);
    }
}
