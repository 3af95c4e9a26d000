package dev.consent;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An opt-out preference signal: a setting of the person's browser or device, sent with every request, that
 * tells each site the person opts out of the sale and sharing of their personal data. California requires a
 * business to treat it as a valid request to opt out (Cal. Civ. Code §1798.135(e); Cal. Code Regs. tit. 11
 * §7025), as does Colorado (4 CCR 904-3, Rule 5) among other states. See
 * {@link ConsentLedger#honourOptOutSignal} for how the ledger records it.
 */
public enum OptOutSignal {
    /**
     * Global Privacy Control: the request header {@code Sec-GPC: 1} (and the DOM property
     * {@code navigator.globalPrivacyControl}), as the GPC specification defines it.
     */
    GPC("Sec-GPC");

    private final String header;

    OptOutSignal(String header) {
        this.header = header;
    }

    /** The name of the HTTP request header that carries the signal, such as {@code Sec-GPC}. */
    public String header() {
        return header;
    }

    /**
     * The signal carried by a {@code Sec-GPC} header value: {@link #GPC} when the value is exactly {@code 1},
     * the only value the GPC specification defines; empty for an absent header ({@code null}) and for any other
     * value, which the specification says to treat as no signal. The absence of the signal is never an opt-in.
     *
     * @param headerValue the value of the {@code Sec-GPC} request header, or {@code null} when absent
     */
    public static Optional<OptOutSignal> fromHeader(@Nullable String headerValue) {
        return "1".equals(headerValue) ? Optional.of(GPC) : Optional.empty();
    }

    /**
     * A context for the records of this signal, to complete with the jurisdiction, actor and evidence (the IP
     * address and user agent of the request) and build: channel {@link Channel#PREFERENCE_SIGNAL}, collection
     * point the signal's name ({@code GPC}), which is how a record shows it came from the signal.
     */
    public CollectionContext.Builder context() {
        return CollectionContext.builder(Channel.PREFERENCE_SIGNAL).collectionPoint(name());
    }

    /**
     * Whether {@code context} describes this signal: channel {@link Channel#PREFERENCE_SIGNAL} and collection
     * point {@link #name()}.
     */
    public boolean describes(CollectionContext context) {
        Objects.requireNonNull(context, "context");
        return context.channel() == Channel.PREFERENCE_SIGNAL && name().equals(context.collectionPoint());
    }
}
