package dev.ferret.architecture;

import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering of docs/DESIGN.md ("Layers") as rules over compiled classes. The rules take the root package so
 * the same rules run over ferret itself and over the deliberately bad classes in {@code fixture/}.
 */
final class Layers {
    private Layers() {
    }

    /** Only the native module's packages (os, yara) may touch JNA or OSHI. */
    static ArchRule nativeCodeStaysInNative(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".os..", root + ".yara..")
                .should().dependOnClassesThat().resideInAnyPackage("com.sun.jna..", "oshi..")
                .because("JNA and OSHI are reached through the native module's interfaces only");
    }

    /** Detectors judge a snapshot: they know nothing of the CLI, the report sinks or the response. */
    static ArchRule detectorsStayBelowTheirUsers(String root) {
        return noClasses().that().resideInAPackage(root + ".detect..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".cli..", root + ".report..",
                        root + ".respond..")
                .because("detectors read the snapshot and emit findings; sinks and response come after them");
    }

    /** Collectors never judge. */
    static ArchRule collectorsDoNotJudge(String root) {
        return noClasses().that().resideInAPackage(root + ".collect..")
                .should().dependOnClassesThat().resideInAPackage(root + ".detect..")
                .because("a collector records facts; judging them is a detector's job");
    }

    /** Only the CLI decides the process's exit code. */
    static ArchRule onlyTheCliExits(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".cli..")
                .should().callMethod(System.class, "exit", int.class)
                .because("a library layer reports failure with an exception; the CLI maps it to an exit code");
    }

    static List<ArchRule> all(String root) {
        return List.of(nativeCodeStaysInNative(root), detectorsStayBelowTheirUsers(root),
                collectorsDoNotJudge(root), onlyTheCliExits(root));
    }
}
