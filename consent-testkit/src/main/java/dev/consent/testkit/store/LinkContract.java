package dev.consent.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.SubjectLink;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Links between an anonymous id and an account id: stored once per key, read from either side in the
 * documented order, every field round-trips.
 */
abstract class LinkContract extends ContractPart {
    private static final Instant AT = Instant.parse("2024-05-14T14:14:14.141Z");

    LinkContract(ConsentStoreContract contract) {
        super(contract);
    }

    @Test
    void saveLink_roundTripsEveryField_andIsReadFromBothSides() {
        SubjectLink link = new SubjectLink("anon 😀 ü", "user-1", "consent:link:0a1b", AT);

        store().saveLink(link);

        assertThat(store().readLinks("anon 😀 ü")).containsExactly(link);
        assertThat(store().readLinks("user-1")).containsExactly(link);
        assertThat(store().readLinks("anon")).as("ids are compared exactly").isEmpty();
        assertThat(store().readLinks("USER-1")).isEmpty();
    }

    @Test
    void saveLink_ofAStoredKey_isANoOp_keepingTheFirstTime() {
        SubjectLink link = new SubjectLink("anon-1", "user-1", "consent:link:1", AT);
        store().saveLink(link);

        store().saveLink(link);
        store().saveLink(new SubjectLink("anon-1", "user-1", "consent:link:1", AT.plusSeconds(60)));

        assertThat(store().readLinks("user-1")).containsExactly(link);
    }

    @Test
    void readLinks_listsEveryLinkOfTheSubject_byTime_thenByIds() {
        SubjectLink late = new SubjectLink("anon-1", "user-1", "consent:link:2", AT.plusSeconds(5));
        SubjectLink early = new SubjectLink("anon-2", "user-1", "consent:link:1", AT);
        SubjectLink sameTime = new SubjectLink("anon-0", "user-1", "consent:link:3", AT);
        SubjectLink asVisitor = new SubjectLink("user-1", "user-9", "consent:link:4", AT.plusSeconds(1));
        SubjectLink other = new SubjectLink("anon-7", "user-7", "consent:link:5", AT);
        for (SubjectLink l : new SubjectLink[] {late, early, sameTime, asVisitor, other}) {
            store().saveLink(l);
        }

        assertThat(store().readLinks("user-1")).containsExactly(sameTime, early, asVisitor, late);
        assertThat(store().readLinks("anon-1")).containsExactly(late);
        assertThat(store().readLinks("nobody")).isEmpty();
    }
}
