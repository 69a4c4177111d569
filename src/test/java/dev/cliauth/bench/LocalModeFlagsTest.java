package dev.cliauth.bench;

import dev.cliauth.local.SamTemplate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark measures local mode as README's first command starts it: with the same JVM flags. */
class LocalModeFlagsTest {

    @Test
    void localModeRunsWithTheFlagsOfExecExec() throws Exception {
        String pom = Files.readString(SamTemplate.locate().getParent().resolve("pom.xml"), StandardCharsets.UTF_8);
        int plugin = pom.indexOf("<artifactId>exec-maven-plugin</artifactId>");
        assertThat(plugin).as("exec-maven-plugin in pom.xml").isPositive();
        String arguments = pom.substring(pom.indexOf("<arguments>", plugin), pom.indexOf("</arguments>", plugin));
        List<String> beforeClasspath = Pattern.compile("<argument>([^<]*)</argument>").matcher(arguments).results()
                .map(m -> m.group(1)).takeWhile(a -> !a.equals("-classpath")).toList();
        assertThat(beforeClasspath).isEqualTo(LocalMode.FLAGS);
    }
}
