package dev.ferret.fleet.opensearch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throw-away OpenSearch node on loopback for bench/fleet.sh: {@code LocalNode PORT DIR} prints "ready" once
 * it answers, and stops when its standard input closes.
 */
public final class LocalNode {
    private LocalNode() {
    }

    public static void main(String[] args) throws Exception {
        int http = Integer.parseInt(args[0]);
        Path base = Files.createDirectories(Path.of(args[1]));
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", http);
            settings.put("transport.port", http + 1);
        }).build(OpenSearchRunner.newConfigs().numOfNode(1).basePath(base.toString()).clusterName("ferret-fleet-bench")
                .disableESLogger());
        runner.ensureYellow();
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the bench to close our input
        }
        runner.close();
        runner.clean();
        System.exit(0);
    }
}
