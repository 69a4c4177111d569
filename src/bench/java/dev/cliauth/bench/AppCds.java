package dev.cliauth.bench;

import dev.cliauth.local.SamTemplate;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * What the cold starts with AppCDS need: JDK 17 archives no class loaded from a directory (a
 * dynamic dump with a non-empty directory on the class path fails), so the Lambda artifact's
 * {@code target/classes} and the children's {@code target/test-classes} are packed into jars here,
 * and each handler and implementation gets its own dynamic archive beside them
 * ({@code <implementation>-<handler>.jsa}).
 */
final class AppCds {

    private final Path dir;
    private final Path classesJar;
    private final Path benchJar;

    private AppCds(Path dir, Path classesJar, Path benchJar) {
        this.dir = dir;
        this.classesJar = classesJar;
        this.benchJar = benchJar;
    }

    /** Packs the class directories into jars under {@code dir} (fresh each run: an archive is tied to them). */
    static AppCds build(Path dir) {
        Path target = SamTemplate.locate().getParent().resolve("target");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            Path classes = dir.resolve("cliauth-classes.jar");
            Path bench = dir.resolve("bench-classes.jar");
            jar(target.resolve("classes"), classes);
            jar(target.resolve("test-classes"), bench);
            return new AppCds(dir, classes, bench);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class path of a layout: {@link ChildJvm#lambdaClasspath()}, or the same with jars for the directories. */
    String classpath(ColdStart.Layout layout) {
        if (layout == ColdStart.Layout.DIRECTORY) {
            return ChildJvm.lambdaClasspath();
        }
        Path target = SamTemplate.locate().getParent().resolve("target");
        try {
            return String.join(File.pathSeparator, classesJar.toString(),
                    Files.readString(target.resolve("lambda-classpath.txt"), StandardCharsets.UTF_8).trim(), benchJar.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lambda's flags, and with AppCDS the handler's archive, required ({@code -Xshare:on}). */
    List<String> flags(ColdStart.Layout layout, String handler, String implementation) {
        List<String> flags = new ArrayList<>(ChildJvm.LAMBDA_FLAGS);
        if (layout == ColdStart.Layout.JAR_APPCDS) {
            flags.add("-XX:SharedArchiveFile=" + archive(handler, implementation));
            flags.add("-Xshare:on");
        }
        return flags;
    }

    Path archive(String handler, String implementation) {
        return dir.resolve(implementation + "-" + handler + ".jsa");
    }

    void delete(String handler, String implementation) {
        try {
            Files.deleteIfExists(archive(handler, implementation));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    double archiveMb(String handler, String implementation) {
        try {
            return Math.round(Files.size(archive(handler, implementation)) / 1024.0 / 1024.0 * 10) / 10.0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String describe() {
        Path root = SamTemplate.locate().getParent();
        return root.relativize(classesJar) + " (target/classes), " + root.relativize(benchJar) + " (target/test-classes), "
                + root.relativize(dir) + "/<implementation>-<handler>.jsa";
    }

    private static void jar(Path classes, Path jar) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(classes)) {
            paths = walk.filter(p -> !p.equals(classes)).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (Path path : paths) {
                // Directory entries too, as the jar tool writes them: resource scans may list them.
                boolean directory = Files.isDirectory(path);
                String name = classes.relativize(path).toString().replace(File.separatorChar, '/') + (directory ? "/" : "");
                JarEntry entry = new JarEntry(name);
                entry.setTime(Files.getLastModifiedTime(path).toMillis());
                j.putNextEntry(entry);
                if (!directory) {
                    Files.copy(path, j);
                }
                j.closeEntry();
            }
        }
    }
}
