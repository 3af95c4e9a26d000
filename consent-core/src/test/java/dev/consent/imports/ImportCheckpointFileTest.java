package dev.consent.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCheckpointFileTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheLastRowPerSource_soOneFileIsNeverAppliedToAnotherSource() throws Exception {
        Path file = dir.resolve("import.checkpoint");
        ImportCheckpoint checkpoint = ImportCheckpoint.file(file);
        assertThat(checkpoint.rowsDone("a.csv")).isZero();

        checkpoint.save("a.csv", 500);
        checkpoint.save("b.csv", 20);
        checkpoint.save("a.csv", 1000);

        ImportCheckpoint reopened = ImportCheckpoint.file(file);
        assertThat(reopened.rowsDone("a.csv")).isEqualTo(1000);
        assertThat(reopened.rowsDone("b.csv")).isEqualTo(20);
        assertThat(reopened.rowsDone("c.csv")).isZero();
        assertThat(Files.readString(file)).contains("a.csv=1000").contains("b.csv=20");
        assertThat(dir.resolve("import.checkpoint.next")).doesNotExist();
    }

    @Test
    void anEntryThatIsNotARowNumber_isRefused_notReadAsZero() throws Exception {
        Path file = dir.resolve("import.checkpoint");
        Files.writeString(file, "a.csv=two\n");

        assertThatThrownBy(() -> ImportCheckpoint.file(file).rowsDone("a.csv"))
                .isInstanceOf(NumberFormatException.class);
        assertThat(ImportCheckpoint.file(file).rowsDone("b.csv")).isZero();
    }
}
