package dev.consent.requests;

import dev.consent.InvalidInputException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which days are business days: every day except the weekend days and the holidays. Used to count the
 * business-day periods of {@link DeadlineRule#businessDays} and to move due dates off non-business days
 * ({@link DeadlineRule#rollingToBusinessDay}).
 *
 * <p>The library knows no public holidays: give the ones of the jurisdiction with
 * {@link #of} or {@link #withHolidays}. Immutable and thread-safe; two calendars are equal when they have the
 * same weekend days and holidays.
 */
public final class BusinessCalendar {
    private static final BusinessCalendar WEEKENDS_ONLY =
            new BusinessCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Set.of());

    private final Set<DayOfWeek> weekend;
    private final Set<LocalDate> holidays;

    private BusinessCalendar(Set<DayOfWeek> weekend, Set<LocalDate> holidays) {
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        days.addAll(weekend);
        this.weekend = Collections.unmodifiableSet(days);
        this.holidays = Set.copyOf(holidays);
    }

    /** Saturdays and Sundays are not business days; no holidays. */
    public static BusinessCalendar weekendsOnly() {
        return WEEKENDS_ONLY;
    }

    /**
     * The given weekend days and holiday dates. The weekend may be empty (every day of the week a business
     * day) but must leave at least one business day in the week; a holiday on a weekend day changes nothing.
     *
     * @throws NullPointerException if either argument is null or holds null
     * @throws InvalidInputException naming {@code weekend} if it holds all seven days
     */
    public static BusinessCalendar of(Set<DayOfWeek> weekend, Collection<LocalDate> holidays) {
        Objects.requireNonNull(weekend, "weekend");
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek day : weekend) {
            days.add(Objects.requireNonNull(day, "weekend must not contain null"));
        }
        if (days.size() == DayOfWeek.values().length) {
            throw new InvalidInputException("weekend", weekend, "must leave at least one business day in the week");
        }
        return new BusinessCalendar(days, checkedHolidays(holidays));
    }

    /**
     * This calendar plus more holidays; this calendar is unchanged.
     *
     * @throws NullPointerException if {@code holidays} is null or holds null
     */
    public BusinessCalendar withHolidays(Collection<LocalDate> holidays) {
        Set<LocalDate> all = new HashSet<>(this.holidays);
        all.addAll(checkedHolidays(holidays));
        return new BusinessCalendar(weekend, all);
    }

    /**
     * Whether {@code date} is neither a weekend day nor a holiday.
     *
     * @throws NullPointerException if {@code date} is null
     */
    public boolean isBusinessDay(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return !weekend.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    /**
     * {@code date} itself if a business day, else the next business day.
     *
     * @throws NullPointerException if {@code date} is null
     * @throws java.time.DateTimeException if there is no business day up to {@link LocalDate#MAX}
     */
    public LocalDate onOrAfter(LocalDate date) {
        LocalDate d = Objects.requireNonNull(date, "date");
        while (!isBusinessDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /**
     * The date {@code days} business days after {@code date} (date itself not counted): the first business
     * day after {@code date} is day 1, whether or not {@code date} is a business day. So 1 business day after
     * a Friday, a Saturday or a Sunday is the Monday (with no holidays), and 0 business days after {@code
     * date} is {@code date} itself.
     *
     * @throws NullPointerException if {@code date} is null
     * @throws InvalidInputException naming {@code days} if it is negative
     * @throws java.time.DateTimeException if the result is beyond {@link LocalDate#MAX}
     */
    public LocalDate plusBusinessDays(LocalDate date, int days) {
        LocalDate d = Objects.requireNonNull(date, "date");
        if (days < 0) {
            throw new InvalidInputException("days", days, "must not be negative");
        }
        for (int left = days; left > 0; ) {
            d = d.plusDays(1);
            if (isBusinessDay(d)) {
                left--;
            }
        }
        return d;
    }

    private static Set<LocalDate> checkedHolidays(Collection<LocalDate> holidays) {
        Objects.requireNonNull(holidays, "holidays");
        Set<LocalDate> copy = new HashSet<>();
        for (LocalDate holiday : holidays) {
            copy.add(Objects.requireNonNull(holiday, "holidays must not contain null"));
        }
        return copy;
    }

    /** Equal when the weekend days and holidays are the same. */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof BusinessCalendar other && weekend.equals(other.weekend) && holidays.equals(other.holidays);
    }

    @Override
    public int hashCode() {
        return weekend.hashCode() * 31 + holidays.hashCode();
    }

    /** The weekend days and the holidays in date order. */
    @Override
    public String toString() {
        return "BusinessCalendar[weekend=" + weekend + ", holidays=" + new TreeSet<>(holidays) + "]";
    }
}
