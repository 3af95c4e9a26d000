package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Changes reach listeners in position order, whatever order writers come back from the store in. */
class CommitOrderTest {
    private final List<Long> delivered = new CopyOnWriteArrayList<>();
    private final CommitOrder order;

    CommitOrderTest() {
        ListenerHub hub = new ListenerHub(Runnable::run);
        hub.subscribe(change -> delivered.add(change.position()));
        order = new CommitOrder(hub);
    }

    private static ConsentChange at(long position) {
        return new ConsentChange("s" + position, "i", List.of(), position);
    }

    @Test
    void aChangeWaitsForAppendsBegunBeforeItCameBack() {
        long first = order.begin();
        long second = order.begin();

        order.end(second, at(2));
        assertThat(delivered).isEmpty();
        order.end(first, at(1));

        assertThat(delivered).containsExactly(1L, 2L);
    }

    @Test
    void aFailedAppend_releasesTheChangesWaitingForIt() {
        long failing = order.begin();
        long ok = order.begin();

        order.end(ok, at(5));
        order.end(failing, null);

        assertThat(delivered).containsExactly(5L);
    }

    @Test
    void appendsBegunAfterAChangeCameBack_doNotHoldItUp() {
        long first = order.begin();
        order.end(first, at(1));
        long later = order.begin();

        assertThat(delivered).containsExactly(1L);
        order.end(later, at(2));
        assertThat(delivered).containsExactly(1L, 2L);
    }

    @Test
    void aChange_waitsForEveryAppendBegunBeforeItCameBack_evenOneBegunAfterItself() {
        long a = order.begin();
        long b = order.begin();
        order.end(b, at(3));
        long c = order.begin();
        order.end(a, at(2));

        assertThat(delivered)
                .as("c began before a came back, so c may hold a lower position")
                .isEmpty();
        order.end(c, null);
        assertThat(delivered).containsExactly(2L, 3L);
    }
}
