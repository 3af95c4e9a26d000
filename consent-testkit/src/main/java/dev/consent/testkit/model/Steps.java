package dev.consent.testkit.model;

import dev.consent.testkit.model.Step.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random histories from a seed: the same seed gives the same history. */
final class Steps {
    /** Each kind as often as it appears here. */
    private static final Kind[] WEIGHTED = {
        Kind.EDITORIAL,
        Kind.MATERIAL,
        Kind.RETIRE,
        Kind.GRANT,
        Kind.GRANT,
        Kind.GRANT,
        Kind.GRANT,
        Kind.GRANT,
        Kind.DENY,
        Kind.WITHDRAW,
        Kind.WITHDRAW,
        Kind.OBJECT,
        Kind.OBJECT,
        Kind.WITHDRAW_OBJECTION,
        Kind.LINK,
        Kind.LINK,
        Kind.ERASE,
        Kind.DIE,
        Kind.ADVANCE,
        Kind.ADVANCE,
        Kind.ADVANCE,
        Kind.ADVANCE,
        Kind.TO_EXPIRY,
        Kind.TO_EXPIRY
    };

    private Steps() {}

    /** A history of 1 to {@code maxLength} steps. */
    public static List<Step> random(long seed, int maxLength) {
        Random random = new Random(seed);
        int length = 1 + random.nextInt(maxLength);
        List<Step> out = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            out.add(next(random));
        }
        return out;
    }

    private static Step next(Random random) {
        Kind kind = WEIGHTED[random.nextInt(WEIGHTED.length)];
        int subject = random.nextInt(Model.SUBJECTS.size());
        // most decisions go to purposes whose basis they fit; the rest must be rejected
        int purpose = random.nextInt(Model.PURPOSES.size());
        if (random.nextInt(8) != 0) {
            if (kind == Kind.OBJECT || kind == Kind.WITHDRAW_OBJECTION) {
                purpose = Model.LEGITIMATE_INTEREST;
            } else if (kind == Kind.GRANT || kind == Kind.DENY || kind == Kind.WITHDRAW) {
                purpose = random.nextInt(Model.CONSENT_PURPOSES);
            }
        }
        if (kind == Kind.LINK) {
            subject = Model.VISITORS.get(random.nextInt(Model.VISITORS.size()));
        }
        int amount = 0;
        if (kind == Kind.ADVANCE) {
            amount = random.nextInt(Step.MOVES.size());
        } else if (kind == Kind.TO_EXPIRY) {
            amount = -random.nextInt(2);
        }
        return new Step(kind, subject, purpose, amount);
    }
}
