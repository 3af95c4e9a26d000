package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.chainAfter;
import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.DuplicateInteractionException;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interaction id is an idempotency key per subject: a retry after an unknown outcome (the connection
 * was lost after the commit) is recognised and stores nothing twice.
 */
abstract class IdempotencyContract extends ContractPart {
    IdempotencyContract(ConsentStoreContract contract) {
        super(contract);
    }

    @Test
    void append_withAnInteractionIdTheSubjectAlreadyHas_isADuplicate_andStoresNothing() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one"), grant("p.two"));
        State before = state("alice");

        assertThatThrownBy(() -> append(alice.append("form-1", grant("p.three"))))
                .isInstanceOfSatisfying(DuplicateInteractionException.class, e -> {
                    assertThat(e.subject()).isEqualTo("alice");
                    assertThat(e.interactionId()).isEqualTo("form-1");
                });
        assertThat(state("alice")).isEqualTo(before);
    }

    /**
     * The retry of an append that was stored carries an expected sequence that is stale by now. The
     * store answers that the interaction is recorded, not that the head moved: that is the answer that
     * tells the writer its first attempt succeeded.
     */
    @Test
    void append_retriedUnchangedAfterItWasStored_isADuplicate_notAConflict() {
        SubjectAppend once = newChain("alice").append("form-1", grant("p.one"), grant("p.two"));
        append(once);
        State before = state("alice");

        assertThatThrownBy(() -> append(once)).isInstanceOfSatisfying(DuplicateInteractionException.class, e -> {
            assertThat(e.subject()).isEqualTo("alice");
            assertThat(e.interactionId()).isEqualTo("form-1");
        });
        assertThat(state("alice")).isEqualTo(before);
    }

    @Test
    void append_reusingTheInteractionOfAnEarlierRecord_isADuplicate() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one"));
        alice = write(alice, "form-2", grant("p.two"));
        alice = write(alice, "form-3", grant("p.three"));
        Chain head = alice;

        assertThatThrownBy(() -> append(head.append("form-1", grant("p.four"))))
                .isInstanceOf(DuplicateInteractionException.class);
        assertThat(store().readSubject("alice")).hasSize(3);
    }

    @Test
    void append_withAnotherSubjectsInteractionId_isAccepted() {
        write(newChain("alice"), "form-1", grant("p.one"));

        write(newChain("bob"), "form-1", grant("p.one"));

        assertThat(store().readSubject("bob"))
                .singleElement()
                .satisfies(r -> assertThat(r.interactionId()).isEqualTo("form-1"));
        assertThat(store().readSubject("alice")).hasSize(1);
    }

    @Test
    void interactionIds_areComparedExactly() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one"));
        String[] others = {
            "FORM-1", "form-1 ", " form-1", "form_1", "form%", "form-1\u00a0", "f\u00f6rm-1", "fo\u0308rm-1"
        };

        for (String other : others) {
            alice = write(alice, other, grant("p.one"));
        }

        assertThat(store().readSubject("alice"))
                .extracting(r -> r.interactionId())
                .containsExactly(
                        "form-1",
                        "FORM-1",
                        "form-1 ",
                        " form-1",
                        "form_1",
                        "form%",
                        "form-1\u00a0",
                        "f\u00f6rm-1",
                        "fo\u0308rm-1");
    }

    @Test
    void interactionIds_shapedLikeUuids_areComparedAndReadBackExactly() {
        String canonical = "0f8fad5b-d9cb-469f-a165-70867728950e";
        String[] others = {
            "0F8FAD5B-D9CB-469F-A165-70867728950E",
            "0f8fad5b-d9cb-469f-a165-70867728950",
            "{" + canonical + "}",
            "f8fad5b-d9cb-469f-a165-70867728950e0",
            "0f8fad5b-d9cb-469f-a165-70867728950f"
        };
        Chain alice = write(newChain("alice"), canonical, grant("p.one"));

        for (String other : others) {
            alice = write(alice, other, grant("p.one"));
        }

        SubjectAppend again = chainAfter("alice", store().readSubject("alice")).append(canonical, grant("p.two"));
        assertThatThrownBy(() -> store().append(List.of(again))).isInstanceOf(DuplicateInteractionException.class);
        assertThat(store().readSubject("alice"))
                .extracting(r -> r.interactionId())
                .containsExactly(canonical, others[0], others[1], others[2], others[3], others[4]);
        assertThat(store().readFeed(0, 100))
                .extracting(r -> r.interactionId())
                .containsExactly(canonical, others[0], others[1], others[2], others[3], others[4]);
    }
}
