package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings of consent receipts and the controller they name: validated when built, each given once. */
class ReceiptSettingsTest {

    private static Controller.Builder controller() {
        return Controller.builder("ACME Ltd")
                .contact("DPO")
                .address("1 Main Street", "GB")
                .email("dpo@acme.example")
                .phone("+44 20 7946 0000");
    }

    private static ReceiptSettings.Builder settings() {
        return ReceiptSettings.builder()
                .controller(controller().build())
                .policyUrl("https://acme.example/privacy")
                .service("ACME Shop")
                .jurisdiction("EU");
    }

    @Test
    void validSettings_keepEveryValue() {
        ReceiptSettings s = settings().language("de-CH").build();

        assertThat(s.controllers()).containsExactly(controller().build());
        assertThat(s.policyUrl()).isEqualTo("https://acme.example/privacy");
        assertThat(s.service()).isEqualTo("ACME Shop");
        assertThat(s.jurisdiction()).isEqualTo("EU");
        assertThat(s.language()).isEqualTo("de-CH");
        assertThat(s.signingKey()).isEmpty();
        assertThat(controller()
                        .url("https://acme.example")
                        .onBehalf(true)
                        .build()
                        .url())
                .contains("https://acme.example");
    }

    @Test
    void missingOrInvalidValues_areRejected_namingTheField() {
        assertThatThrownBy(() -> ReceiptSettings.builder()
                        .policyUrl("https://a.example")
                        .service("s")
                        .jurisdiction("EU")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("controllers");
        assertThatThrownBy(
                        () -> ReceiptSettings.builder().controllers(List.of()).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("controllers");
        assertThatThrownBy(() -> ReceiptSettings.builder()
                        .controller(controller().build())
                        .policyUrl("ftp://x.example/p")
                        .service("s")
                        .jurisdiction("EU")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("policyUrl");
        assertThatThrownBy(() -> ReceiptSettings.builder()
                        .controller(controller().build())
                        .policyUrl("/privacy")
                        .service("s")
                        .jurisdiction("EU")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("policyUrl");
        assertThatThrownBy(() -> ReceiptSettings.builder()
                        .controller(controller().build())
                        .policyUrl("https://a.example")
                        .jurisdiction("EU")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("service");
        assertThatThrownBy(() -> settings().language("English").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("language");
        assertThatThrownBy(() -> Controller.builder("ACME")
                        .contact("DPO")
                        .address("1 Main Street", "GB")
                        .email("dpo.acme.example")
                        .phone("1")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("email");
        assertThatThrownBy(() -> Controller.builder("ACME")
                        .contact("DPO")
                        .email("a@b.example")
                        .phone("1")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("streetAddress");
        assertThatThrownBy(() -> controller().url("acme.example").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> Controller.builder(" ")
                        .contact("DPO")
                        .address("1 Main Street", "GB")
                        .email("a@b.example")
                        .phone("1")
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("name");
    }

    @Test
    void aSettingGivenTwice_isRejected() {
        assertThatThrownBy(() -> settings().service("again"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("service");
        assertThatThrownBy(() -> controller().phone("again"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("phone");
    }

    @Test
    void signingKeys_mustBeRsa2048OrEcP256() throws Exception {
        assertThat(settings().signingKey(pair("RSA", 2048)).build().signingKey())
                .isPresent();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        assertThat(settings().signingKey(ec.generateKeyPair()).build().signingKey())
                .isPresent();

        assertThatThrownBy(() -> settings().signingKey(pair("RSA", 1024)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("signingKey")
                .hasMessageContaining("1024");
        KeyPairGenerator ec384 = KeyPairGenerator.getInstance("EC");
        ec384.initialize(new ECGenParameterSpec("secp384r1"));
        assertThatThrownBy(() -> settings().signingKey(ec384.generateKeyPair()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("P-256");
        assertThatThrownBy(() -> settings().signingKey(pair("Ed25519", 0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("signingKey");
    }

    private static KeyPair pair(String algorithm, int size) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (size > 0) {
            g.initialize(size);
        }
        return g.generateKeyPair();
    }
}
