package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The evidence's attributes, written as JSON without a generator, read back as they were by any JSON reader. */
class EvidenceJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    @Test
    void escapes_quotesBackslashesAndControlCharacters_andKeepsEveryOtherCharacter() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("mechanism", "checkbox");
        values.put("quote \"and\" backslash \\", "line\nbreak\r\ttab \u0000 \u001f \u007f");
        values.put("unicode", "Zoë 東京 \uD83D\uDE00 \u2028");
        values.put("", "");

        String json = Rows.objectJson(values);

        assertThat(JSON.readValue(json, MAP)).containsExactlyEntriesOf(values);
        assertThat(json).doesNotContain("\n").doesNotContain("\u0000");
    }

    @Test
    void randomStrings_readBackAsWritten() throws Exception {
        Random random = new Random(20261203);
        for (int round = 0; round < 2_000; round++) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int k = random.nextInt(4); k >= 0; k--) {
                values.put(randomText(random), randomText(random));
            }
            assertThat(JSON.readValue(Rows.objectJson(values), MAP)).containsExactlyEntriesOf(values);
        }
    }

    private static String randomText(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            b.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xD800)));
        }
        return b.toString();
    }
}
