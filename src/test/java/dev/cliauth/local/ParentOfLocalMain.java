package dev.cliauth.local;

/**
 * Stands in for Maven's {@code exec:exec}: starts {@link LocalMain} as its child JVM (same java,
 * classpath and environment, output to its own) and waits for it, doing nothing when it is killed.
 */
public final class ParentOfLocalMain {

    private ParentOfLocalMain() {
    }

    public static void main(String[] args) throws Exception {
        Process child = new ProcessBuilder(LocalMainTest.command(LocalMain.class.getName()))
                .inheritIO()
                .start();
        System.exit(child.waitFor());
    }
}
