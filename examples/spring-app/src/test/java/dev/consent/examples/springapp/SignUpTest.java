package dev.consent.examples.springapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The sign-up form through HTTP: what it serves, what one submission records, and that the account and its
 * consent records commit together or not at all.
 */
class SignUpTest extends AppTest {

    @Test
    void servedForm_showsEachPurposesTextAndVersions_andTicksNothing() {
        HttpResponse<String> page = http.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        List<String> boxes = Http.inputs(html, "type=\"checkbox\"");
        assertThat(boxes).hasSize(3);
        assertThat(boxes).as("pre-ticked boxes").noneMatch(tag -> tag.contains("checked"));
        assertThat(boxes.stream().map(tag -> Http.attribute(tag, "value"))).containsExactly(NEWSLETTER, SMS, ANALYTICS);
        for (String id : List.of(NEWSLETTER, SMS, ANALYTICS)) {
            var purpose = consent.purposes().get(id);
            assertThat(html).contains(purpose.title(), purpose.description(), id + ", version 1");
        }
        assertThat(Http.inputs(html, "name=\"shown\"").stream().map(tag -> Http.attribute(tag, "value")))
                .containsExactly(NEWSLETTER + ":1", SMS + ":1", ANALYTICS + ":1");
        assertThat(html).contains("privacy notice, version <strong>privacy-2026-03</strong>");
    }

    @Test
    void signUp_createsTheAccount_andRecordsOneInteraction_grantingTheTickedPurposeAndDenyingTheOthers() {
        String email = newEmail();

        HttpResponse<String> response = submitSignUp("Ada Lovelace", email, NEWSLETTER);

        assertThat(response.statusCode()).isEqualTo(303);
        String id = Http.location(response).substring("/account/".length());
        Account account = accounts.findById(UUID.fromString(id)).orElseThrow();
        assertThat(account.name()).isEqualTo("Ada Lovelace");
        assertThat(account.email()).isEqualTo(email);

        List<ConsentRecord> history = consent.ledger().history(id);
        assertThat(history).hasSize(3);
        Map<String, Action> actions =
                history.stream().collect(Collectors.toMap(ConsentRecord::purposeId, ConsentRecord::action));
        assertThat(actions)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(NEWSLETTER, Action.GRANTED, SMS, Action.DENIED, ANALYTICS, Action.DENIED));
        assertThat(history)
                .extracting(ConsentRecord::interactionId)
                .containsOnly(history.get(0).interactionId());
        assertThat(history).allSatisfy(r -> {
            assertThat(r.purposeVersion()).isEqualTo(1);
            assertThat(r.noticeVersion()).isEqualTo("privacy-2026-03");
            assertThat(r.collectionPoint()).isEqualTo(Contexts.SIGNUP_FORM);
            assertThat(r.channel()).isEqualTo(Channel.WEB);
            assertThat(r.jurisdiction()).isEqualTo("EU");
        });
        assertThat(consent.ledger().evidence(id).values())
                .extracting(Evidence::userAgent)
                .containsOnly(Http.USER_AGENT);

        assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isTrue();
        assertThat(consent.enforcer().check(id, SMS).allowed()).isFalse();
        assertThat(consent.enforcer().check(id, ANALYTICS).allowed()).isFalse();
    }

    @Test
    void signUpWithNothingTicked_deniesEveryPurpose() {
        String id = signUp();

        assertThat(consent.ledger().history(id))
                .extracting(ConsentRecord::action)
                .containsOnly(Action.DENIED);
        assertThat(consent.ledger().history(id)).hasSize(3);
    }

    @Test
    void duplicateEmail_failsAtTheFlushAfterTheConsentWrite_andRollsBackTheRecordsWithTheAccount() {
        String email = newEmail();
        signUp(); // someone else
        assertThat(submitSignUp("First", email, NEWSLETTER).statusCode()).isEqualTo(303);
        long head = consent.ledger().headPosition();
        long accountsBefore = accounts.count();
        int joinedBefore = join.count();

        HttpResponse<String> second = submitSignUp("Second", " " + email.toUpperCase() + " ", SMS, ANALYTICS);

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("An account with this e-mail address exists already");
        assertThat(join.count() - joinedBefore)
                .as("consent writes made inside the failed sign-up's transaction")
                .isEqualTo(1);
        assertThat(consent.ledger().headPosition()).as("the ledger's head").isEqualTo(head);
        assertThat(accounts.count()).isEqualTo(accountsBefore);
        assertThat(accounts.findAll())
                .filteredOn(a -> a.email().equals(email))
                .extracting(Account::name)
                .containsExactly("First");
        assertThat(consent.ledger().history(accountIdOf(email)))
                .as("the first person's records, untouched")
                .extracting(ConsentRecord::action)
                .containsOnly(Action.GRANTED, Action.DENIED)
                .hasSize(3);
    }

    @Test
    void formShowingAnotherVersionThanTheOneInForce_isShownAgain_andRecordsNothing() {
        long head = consent.ledger().headPosition();

        HttpResponse<String> response = http.post(
                "/signup",
                "name",
                "Old Tab",
                "email",
                newEmail(),
                "shown",
                NEWSLETTER + ":7",
                "shown",
                SMS + ":1",
                "shown",
                ANALYTICS + ":1",
                "consent",
                NEWSLETTER,
                "consent",
                SMS);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("changed while the form was open");
        List<String> ticked = Http.inputs(response.body(), "type=\"checkbox\"").stream()
                .filter(tag -> tag.contains("checked"))
                .map(tag -> Http.attribute(tag, "value"))
                .toList();
        assertThat(ticked)
                .as("boxes ticked again: only the one whose text did not change")
                .containsExactly(SMS);
        assertThat(consent.ledger().headPosition()).isEqualTo(head);
    }

    @Test
    void missingName_isShownAgain_withThePersonsOwnTicks_andRecordsNothing() {
        long head = consent.ledger().headPosition();
        long accountsBefore = accounts.count();

        HttpResponse<String> response = submitSignUp("  ", newEmail(), ANALYTICS);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Please give your name");
        assertThat(Http.inputs(response.body(), "checked"))
                .extracting(tag -> Http.attribute(tag, "value"))
                .containsExactly(ANALYTICS);
        assertThat(consent.ledger().headPosition()).isEqualTo(head);
        assertThat(accounts.count()).isEqualTo(accountsBefore);
    }

    private String accountIdOf(String email) {
        return accounts.findAll().stream()
                .filter(a -> a.email().equals(email))
                .findFirst()
                .orElseThrow()
                .subject();
    }
}
