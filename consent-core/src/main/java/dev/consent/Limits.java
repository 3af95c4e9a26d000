package dev.consent;

/**
 * The largest values the library accepts, in characters (UTF-16 code units). Inputs beyond them are
 * rejected with {@link InvalidInputException}; stores size their columns by them.
 */
public final class Limits {
    /** Subject ids, interaction ids, collection points, notice versions, actor ids and authorities, recipients. */
    public static final int MAX_ID_LENGTH = 255;
    /** Purpose ids and group ids. */
    public static final int MAX_PURPOSE_ID_LENGTH = 100;
    /** Jurisdictions, such as {@code EU} or {@code US-CA}. */
    public static final int MAX_JURISDICTION_LENGTH = 64;
    /** IP addresses in evidence. */
    public static final int MAX_IP_ADDRESS_LENGTH = 64;
    /** User agents and attribute values in evidence. */
    public static final int MAX_EVIDENCE_VALUE_LENGTH = 2048;
    /** Attribute names in evidence. */
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 100;
    /** Attributes in one piece of evidence. */
    public static final int MAX_ATTRIBUTES = 64;
    /** Purpose titles. */
    public static final int MAX_TITLE_LENGTH = 200;
    /** Purpose descriptions. */
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;
    /** Length of the random salt of an evidence digest, in bytes. */
    public static final int SALT_LENGTH = 16;

    private Limits() {}
}
