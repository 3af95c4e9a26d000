package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Every library jar names its module, so applications on the module path get stable names. Runs against
 * the jars the build packaged (this module's tests run after the library modules' package phase).
 */
class ModuleNamesTest {
    @Test
    void libraryJars_carryAutomaticModuleNames() throws Exception {
        assertThat(moduleNameOf(ConsentSystem.class)).isEqualTo("dev.consent.core");
        assertThat(moduleNameOf(InMemoryConsentStore.class)).isEqualTo("dev.consent.memory");
        assertThat(moduleNameOf(JdbcConsentStore.class)).isEqualTo("dev.consent.jdbc");
    }

    private static String moduleNameOf(Class<?> type) throws IOException, java.net.URISyntaxException {
        Path location =
                Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            // Built by an IDE or 'mvn test' without packaging: read the manifest the jar plugin is told to write.
            Path pom = location.getParent().getParent().resolve("pom.xml");
            String text = Files.readString(pom);
            int start = text.indexOf("<Automatic-Module-Name>") + "<Automatic-Module-Name>".length();
            return text.substring(start, text.indexOf("</Automatic-Module-Name>"));
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        }
    }
}
