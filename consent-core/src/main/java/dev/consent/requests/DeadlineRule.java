package dev.consent.requests;

import java.time.LocalDate;
import java.util.Optional;

/**
 * How long a controller has to answer a data-subject request: the last day to answer, and the last day
 * after the one extension the law allows. Every date is inclusive: the request is answered in time when it
 * is answered on or before the date returned. Dates carry no time zone; the caller decides in which zone a
 * request was received.
 *
 * <p>The stock rules are the static factories here; {@link DeadlineRules#builtIn()} maps jurisdictions to
 * them. Every stock rule is an immutable value, safe to share between threads, and equal to another rule of
 * the same kind and parameters. An implementation of this interface must be immutable and thread-safe too.
 *
 * <p><b>Counting.</b> A period never counts the day of receipt: it runs from the day after, as EU Regulation
 * 1182/71 Art. 3(1) and 3(2) and California Civil Code §10 ("excluding the first day, and including the
 * last") both compute time. So 1 month from 5 March is 5 April, 45 days from 1 January is 15 February, and 15
 * business days from a Monday is the Monday three weeks later (with no holidays). The stock rules do
 * not move a due date off a weekend or holiday unless wrapped with {@link #rollingToBusinessDay}.
 */
public interface DeadlineRule {

    /**
     * The last day to answer a request received on {@code received} (inclusive).
     *
     * @throws NullPointerException if {@code received} is null
     * @throws java.time.DateTimeException if the due date is beyond {@link LocalDate#MAX}
     */
    LocalDate due(LocalDate received);

    /**
     * The last day after the one extension the rule allows, or empty when it allows none. The extended due
     * date is never earlier than {@link #due}.
     *
     * @throws NullPointerException if {@code received} is null
     * @throws java.time.DateTimeException if the date is beyond {@link LocalDate#MAX}
     */
    Optional<LocalDate> extendedDue(LocalDate received);

    /**
     * The last day on which the subject may be told of an extension (the original due date): GDPR Art. 12(3)
     * requires the notice "within one month of receipt of the request", CCPA regulations §7021(b) within the
     * first 45 days. Meaningful only when {@link #extendedDue} is present.
     *
     * @throws NullPointerException if {@code received} is null
     */
    default LocalDate extensionNoticeBy(LocalDate received) {
        return due(received);
    }

    /**
     * A short description for reports, e.g. "1 month, extendable by 2 months (GDPR Art. 12(3))". The stock
     * factories describe the period only; the rules of {@link DeadlineRules#builtIn()} add their legal source
     * in parentheses.
     */
    String describe();

    /**
     * Calendar months from receipt: the same day-of-month {@code months} months later, or the last day of
     * that month when the date does not exist there (31 January 2025 + 1 month = 28 February 2025; 31
     * January 2024 + 1 month = 29 February 2024). This is how EU Regulation 1182/71 Art. 3(2)(c) ends a period
     * in months and how the EDPB Guidelines 01/2022 on the right of access count the
     * "one month" of GDPR Art. 12(3): a request received on 31 August is due on 30 September.
     *
     * <p>The extended due date is counted from receipt too, {@code months + extensionMonths} months after it,
     * not from the original due date: 31 January 2024 + 1 month = 29 February 2024, but + 1 + 2 months = 30
     * April 2024 (counting 2 months from 29 February would give 29 April, a day short).
     *
     * @param months the period, 1 to 1200 (GDPR: 1)
     * @param extensionMonths the one extension allowed, 0 for none, at most 1200 (GDPR: 2)
     * @throws dev.consent.InvalidInputException naming {@code months} or {@code extensionMonths} if out of
     *     range
     */
    static DeadlineRule calendarMonths(int months, int extensionMonths) {
        return new CalendarMonthsRule(months, extensionMonths);
    }

    /**
     * Calendar days from receipt: due {@code days} days after the day of receipt, extended due {@code days +
     * extensionDays} days after it. CCPA regulations §7021(b): requests to know, delete and correct are
     * answered within 45 calendar days, extendable once by 45 more, "for a maximum total of 90 calendar days
     * from the day the request is received": {@code calendarDays(45, 45)}, so a request received on 1 January
     * is due on 15 February and at the latest on 1 April (31 March in a leap year).
     *
     * @param days the period, 1 to 36,525 (CCPA: 45)
     * @param extensionDays the one extension allowed, 0 for none, at most 36,525 (CCPA: 45)
     * @throws dev.consent.InvalidInputException naming {@code days} or {@code extensionDays} if out of range
     */
    static DeadlineRule calendarDays(int days, int extensionDays) {
        return new CalendarDaysRule(days, extensionDays);
    }

    /**
     * Business days after receipt per the calendar, with no extension: due on the {@code days}-th business
     * day after the day of receipt, which itself is never counted, business day or not ({@link
     * BusinessCalendar#plusBusinessDays}). CCPA regulations §7026(f): an opt-out of sale or sharing is
     * complied with "no later than 15 business days from the date the business receives the request": {@code
     * businessDays(15, BusinessCalendar.weekendsOnly())}, so a request received on Monday 6 January 2025 is
     * due on Monday 27 January 2025.
     *
     * @param days the period, 1 to 36,525 (CCPA opt-out: 15)
     * @param calendar the business days
     * @throws NullPointerException if {@code calendar} is null
     * @throws dev.consent.InvalidInputException naming {@code days} if out of range
     */
    static DeadlineRule businessDays(int days, BusinessCalendar calendar) {
        return new BusinessDaysRule(days, calendar);
    }

    /**
     * This rule with a due date (and extended due date) that falls on a non-business day moved to the next
     * business day of {@code calendar}. EU Regulation 1182/71 Art. 3(4): where the last day of a period is a
     * public holiday, Saturday or Sunday, the period ends with the expiry of the last hour of the following
     * working day, as the EDPB Guidelines 01/2022 on the right of access note for the month of GDPR Art.
     * 12(3). Both dates are computed by this rule first and then moved, each on its own; the extension notice date is this rule's,
     * moved likewise (for the stock rules, the moved due date).
     *
     * @throws NullPointerException if {@code calendar} is null
     */
    default DeadlineRule rollingToBusinessDay(BusinessCalendar calendar) {
        return new RollingRule(this, calendar);
    }
}
