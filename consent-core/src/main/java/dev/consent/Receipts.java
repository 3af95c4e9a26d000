package dev.consent;

import dev.consent.internal.ReceiptWriter;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues consent receipts, one per interaction, from the ledger's records and the purpose versions the
 * person saw, with the organisation's details from {@link ReceiptSettings}. Thread-safe; reads the store on
 * every call (one read of the subject's records).
 *
 * <pre>{@code
 * Receipts receipts = Receipts.of(consent, ReceiptSettings.builder()
 *         .controller(Controller.builder("ACME Ltd").contact("Data Protection Officer")
 *                 .address("1 Main Street, London", "GB").email("dpo@acme.example").phone("+44 20 7946 0000")
 *                 .build())
 *         .policyUrl("https://acme.example/privacy").service("ACME Shop").jurisdiction("EU")
 *         .build());
 * WriteResult w = consent.ledger().grant("user-42", "marketing.email", context);
 * String json = receipts.getReceipt("user-42", w.interactionId()).json();
 * }</pre>
 */
public final class Receipts {
    private final ReceiptWriter writer;

    private Receipts(ReceiptWriter writer) {
        this.writer = writer;
    }

    /** Receipts for the interactions recorded in {@code system}'s ledger. */
    public static Receipts of(ConsentSystem system, ReceiptSettings settings) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(settings, "settings");
        return new Receipts(new ReceiptWriter(system.ledger(), system.purposes(), settings));
    }

    /**
     * The receipt for the subject's interaction {@code interactionId}, if the subject has one with decisions
     * about purposes (a lifecycle record such as an erasure has no receipt).
     *
     * @throws InvalidInputException if the subject id or interaction id is invalid
     * @throws StoreUnavailableException if the store failed
     */
    public Optional<ConsentReceipt> findReceipt(String subject, String interactionId) {
        return writer.receipt(subject, interactionId);
    }

    /**
     * The receipt for the subject's interaction {@code interactionId}.
     *
     * @throws InvalidInputException naming {@code interactionId} if the subject has no such interaction with
     *     decisions about purposes, or if an id is invalid
     * @throws StoreUnavailableException if the store failed
     */
    public ConsentReceipt getReceipt(String subject, String interactionId) {
        return findReceipt(subject, interactionId)
                .orElseThrow(() -> new InvalidInputException(
                        "interactionId",
                        interactionId,
                        "the subject has no interaction with this id that decided about a purpose"));
    }

    /**
     * Whether {@code jws} is a compact JWS signed with the private key of {@code publicKey} (RS256 or ES256, as
     * its header states and the key allows). A receipt changed in any byte does not verify.
     */
    public static boolean verify(String jws, PublicKey publicKey) {
        return ReceiptWriter.verify(Objects.requireNonNull(jws, "jws"), Objects.requireNonNull(publicKey, "publicKey"));
    }
}
