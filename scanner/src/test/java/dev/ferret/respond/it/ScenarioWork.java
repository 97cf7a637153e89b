package dev.ferret.respond.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deletes a scenario's work directory when its test passed, and keeps it (printing where) when it failed. A
 * passed scenario's planted miner must not stay behind: the next scenario's live scan sweeps the checkout when it
 * sits in a swept place (/opt), and would take another test's copy of the same miner for its own.
 */
final class ScenarioWork implements TestWatcher {
    private static final List<Path> CREATED = new ArrayList<>();

    static synchronized void created(Path work) {
        CREATED.add(work);
    }

    private static synchronized List<Path> drain() {
        List<Path> all = List.copyOf(CREATED);
        CREATED.clear();
        return all;
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        for (Path work : drain()) {
            delete(work);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        drain().forEach(w -> System.out.println("[scenario] kept for inspection: " + w));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        drain().forEach(ScenarioWork::delete);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        drain().forEach(ScenarioWork::delete);
    }

    private static void delete(Path work) {
        try {
            Files.walkFileTree(work, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.out.println("[scenario] could not delete " + work + ": " + e.getMessage());
        }
    }
}
