package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InteractionTest {
    private static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "form");

    @Test
    void build_keepsTheDecisionsInOrder() {
        Interaction i = Interaction.builder("user-1")
                .interactionId("form-1")
                .context(WEB)
                .grant("a")
                .grant("b", 3)
                .deny("c")
                .withdraw("d")
                .object("e")
                .withdrawObjection("f")
                .build();

        assertThat(i.subject()).isEqualTo("user-1");
        assertThat(i.interactionId()).isEqualTo("form-1");
        assertThat(i.context()).isEqualTo(WEB);
        assertThat(i.occurredAt()).isEmpty();
        assertThat(i.items())
                .containsExactly(
                        new Interaction.Item("a", 0, Action.GRANTED), new Interaction.Item("b", 3, Action.GRANTED),
                        new Interaction.Item("c", 0, Action.DENIED), new Interaction.Item("d", 0, Action.WITHDRAWN),
                        new Interaction.Item("e", 0, Action.OBJECTED),
                                new Interaction.Item("f", 0, Action.OBJECTION_WITHDRAWN));
    }

    @Test
    void withoutAnId_eachInteractionGetsAFreshRandomOne() {
        Interaction a = Interaction.builder("user-1").context(WEB).grant("a").build();
        Interaction b = Interaction.builder("user-1").context(WEB).grant("a").build();

        assertThat(a.interactionId()).isNotBlank().isNotEqualTo(b.interactionId());
    }

    @Test
    void occurredAt_isKept() {
        Instant t = Instant.parse("2023-06-01T10:00:00Z");

        assertThat(Interaction.builder("u")
                        .context(WEB)
                        .occurredAt(t)
                        .grant("a")
                        .build()
                        .occurredAt())
                .contains(t);
    }

    @Test
    void invalidInteractions_areRejected_namingTheField() {
        assertRejected(() -> Interaction.builder("user-1").context(WEB).build(), "items");
        assertRejected(() -> Interaction.builder("user-1").grant("a").build(), "context");
        assertRejected(
                () -> Interaction.builder("user-1")
                        .context(WEB)
                        .grant("a")
                        .deny("a")
                        .build(),
                "items[1].purpose");
        assertRejected(
                () -> Interaction.builder("user-1").context(WEB).grant("a", -1).build(), "items[0].version");
        assertRejected(
                () -> Interaction.builder("user-1").context(WEB).grant("Bad Id").build(), "items[0].purpose");
        assertRejected(
                () -> Interaction.builder("user-1")
                        .interactionId(" ")
                        .context(WEB)
                        .grant("a")
                        .build(),
                "interactionId");
        assertRejected(
                () -> Interaction.builder("user-1")
                        .interactionId("i".repeat(256))
                        .context(WEB)
                        .grant("a")
                        .build(),
                "interactionId");
        assertRejected(() -> Interaction.builder("").context(WEB).grant("a").build(), "subject");
        assertRejected(
                () -> Interaction.builder("user-1")
                        .interactionId("consent:erasure")
                        .context(WEB)
                        .grant("a")
                        .build(),
                "interactionId");
        assertRejected(() -> new Interaction.Item("a", 0, Action.SUBJECT_DECEASED), "action");
    }

    @Test
    void tooManyDecisions_areRejected() {
        Interaction.Builder b = Interaction.builder("user-1").context(WEB);
        for (int i = 0; i <= Interaction.MAX_ITEMS; i++) {
            b.grant("p" + i);
        }

        assertRejected(b::build, "items");
    }

    @Test
    void builderSetters_rejectNull_namingTheArgument() {
        Interaction.Builder b = Interaction.builder("user-1");
        assertThatThrownBy(() -> b.interactionId(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("interactionId");
        assertThatThrownBy(() -> b.context(null)).hasMessage("context");
        assertThatThrownBy(() -> b.occurredAt(null)).hasMessage("occurredAt");
        assertThatThrownBy(() -> b.grant(null)).hasMessage("purposeId");
        assertThatThrownBy(() -> b.decision("a", 0, null)).hasMessage("action");
        assertThatThrownBy(
                        () -> Interaction.builder(null).context(WEB).grant("a").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject");
    }

    private static void assertRejected(ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
    }
}
