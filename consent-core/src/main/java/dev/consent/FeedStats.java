package dev.consent;

/**
 * How a {@link ConsentSystem} follows its store's change feed (see
 * {@link ConsentSystem.Builder#feedPollInterval(java.time.Duration)}), for metrics and alerts. A snapshot:
 * immutable.
 *
 * <p>What to watch: {@code failedPolls} growing means changes made by other systems reach this one only
 * through {@code cacheExpireAfterWrite}; {@code ledger().headPosition() - position} is how many records
 * this system has yet to apply; {@code resets} above zero means the store went back in time (restored from
 * an older backup, or emptied).
 *
 * @param following whether the system follows the feed; when it does not (poll interval zero), every other
 *     component is 0
 * @param position the last feed position the system has applied: every change up to it, whoever made it,
 *     has dropped the cached snapshots it made stale
 * @param polls polls of the feed so far, failed ones included
 * @param failedPolls polls that failed (the store did not answer); each is retried at the next interval
 * @param snapshotsDropped cached snapshots dropped because their subject changed
 * @param resets times the store's head position was found below {@code position}; each dropped every
 *     cached snapshot and went on from the store's head
 * @param consecutiveFailedPolls polls that failed since the last one that succeeded: 0 while following works,
 *     growing while the feed cannot be read (for health checks: a few in a row mean more than a blip)
 * @param longestPollNanos the longest poll so far, in nanoseconds, timed from when it was due (or the previous
 *     one ended) to its end, so a late wake-up of the polling thread counts: a change committed elsewhere is
 *     dropped from this system's cache within the poll interval plus this while it stays below the interval,
 *     within twice this otherwise (see {@link ConsentSystem.Builder#feedPollInterval(java.time.Duration)})
 */
public record FeedStats(
        boolean following,
        long position,
        long polls,
        long failedPolls,
        long snapshotsDropped,
        long resets,
        long consecutiveFailedPolls,
        long longestPollNanos) {}
