package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentStatus;
import dev.consent.relay.ChangeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the relay example and checks that the withdrawal reached the receiver, signed. */
class WithdrawalRelayExampleTest {
    @Test
    void theWithdrawal_reachesTheReceiver_withAValidSignature() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<ChangeMessage> received;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            received = WithdrawalRelayExample.run(out);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(received)
                .extracting(ChangeMessage::newStatus)
                .containsExactly(ConsentStatus.GRANTED, ConsentStatus.WITHDRAWN);
        assertThat(received.get(1).oldStatus()).isEqualTo(ConsentStatus.GRANTED);
        assertThat(output)
                .contains("signature valid; user-42 marketing.email v1: GRANTED -> WITHDRAWN")
                .contains("stop sending marketing e-mail to user-42")
                .contains("behind 0")
                .doesNotContain("bad signature");
    }
}
