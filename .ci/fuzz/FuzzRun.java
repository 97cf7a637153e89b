import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs one Jazzer {@code @FuzzTest} method ("fully.qualified.Class#method") through the JUnit Platform, without a
 * Maven start per target: with JAZZER_FUZZ set, Jazzer fuzzes it for the test's maxDuration. Exit 1 on a failure
 * (a crasher, which Jazzer saves under the test's Inputs folder in src/test/resources).
 */
public class FuzzRun {
    public static void main(String[] args) throws ClassNotFoundException {
        String[] target = args[0].split("#", 2);
        Class<?> test = Class.forName(target[0], false, Thread.currentThread().getContextClassLoader());
        Method method = Arrays.stream(test.getDeclaredMethods()).filter(m -> m.getName().equals(target[1]))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no method " + args[0]));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(test, method)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary s = summary.getSummary();
        s.printFailuresTo(new PrintWriter(System.out, true), 30);
        System.out.println("fuzz-run: " + args[0] + " tests=" + s.getTestsFoundCount() + " failed="
                + s.getTotalFailureCount());
        System.exit(s.getTotalFailureCount() == 0 && s.getTestsFoundCount() > 0 ? 0 : 1);
    }
}
