package io.osprey.mq.tck.jms.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs a main class of this JVM's test class path: the server's launcher, or a
 * client program a test kills. Small heap, serial GC and C1 only: the children start often and do little.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java <jvmOptions> -cp <test class path> <mainClass> <arguments>}. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", testClassPath(), mainClass));
        command.addAll(arguments);
        return command;
    }

    /** This JVM's test class path (surefire may hide it behind a manifest-only jar). */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
