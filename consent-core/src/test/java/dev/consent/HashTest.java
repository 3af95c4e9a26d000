package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashTest {
    private static final String HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @Test
    void hex_roundTrips_inLowercase() {
        Hash h = Hash.fromHex(HEX.toUpperCase());

        assertThat(h.toHex()).isEqualTo(HEX);
        assertThat(h).hasToString(HEX);
        assertThat(Hash.of(h.toBytes())).isEqualTo(h).hasSameHashCodeAs(h);
    }

    @Test
    void bytes_areCopiedInAndOut() {
        byte[] given = new byte[Hash.LENGTH];
        Hash h = Hash.of(given);
        given[0] = 1;
        h.toBytes()[1] = 1;

        assertThat(h.toBytes()).containsOnly(0);
    }

    @Test
    void wrongLengthsAndNonHex_areRejected_namingTheValue() {
        assertThatThrownBy(() -> Hash.of(new byte[31]))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hash")
                .hasMessageContaining("31 bytes");
        assertThatThrownBy(() -> Hash.fromHex("abc"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"abc\"");
        assertThatThrownBy(() -> Hash.fromHex("zz" + HEX.substring(2)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hex");
        assertThatThrownBy(() -> Hash.of(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("bytes");
        assertThatThrownBy(() -> Hash.fromHex(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("hex");
    }

    @Test
    void hashesDifferingInOneByte_areNotEqual() {
        byte[] other = Hash.fromHex(HEX).toBytes();
        other[31] ^= 1;

        assertThat(Hash.of(other)).isNotEqualTo(Hash.fromHex(HEX));
    }
}
