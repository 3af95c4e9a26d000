package dev.consent;

/**
 * What a purpose does with personal data that a person may opt out of under US state privacy laws
 * ({@link Purpose#saleOrSharing()}). The California Consumer Privacy Act distinguishes the two (Cal. Civ. Code
 * §1798.140(ad) and (ah)); an opt-out of sale or sharing ({@link Action#OPTED_OUT}) covers both.
 */
public enum SaleOrSharing {
    /** Selling, renting or otherwise making personal data available to a third party for value. */
    SALE,
    /** Sharing personal data with a third party for cross-context behavioural advertising. */
    SHARING
}
