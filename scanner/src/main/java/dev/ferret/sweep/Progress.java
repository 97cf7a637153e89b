package dev.ferret.sweep;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of the file sweep: a bar on an interactive terminal, nothing otherwise. */
public interface Progress extends AutoCloseable {
    void file(long bytes);

    @Override
    void close();

    static Progress none() {
        return new Progress() {
            @Override
            public void file(long bytes) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A bar on stderr when a person is watching (a console is attached), else nothing. */
    static Progress forTerminal(String task) {
        if (System.console() == null) {
            return none();
        }
        // keep jline to its plain providers: its JNI one would unpack a library into a temp dir
        System.setProperty("org.jline.terminal.jni", "false");
        System.setProperty("org.jline.terminal.jna", "false");
        System.setProperty("org.jline.terminal.jansi", "false");
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
                .setInitialMax(-1).setUnit(" files", 1).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err, 79)).continuousUpdate().build();
        return new Progress() {
            @Override
            public void file(long bytes) {
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
