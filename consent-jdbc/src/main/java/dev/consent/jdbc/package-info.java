/**
 * The consent ledger in a relational database through Jdbi: {@link dev.consent.jdbc.JdbcConsentStore} for
 * H2 (the embedded default), PostgreSQL and MariaDB (MySQL shares MariaDB's dialect), with its versioned
 * schema scripts under {@code dev/consent/jdbc/schema/<dialect>/} on the class path.
 *
 * <p>The public types of this package are API; every package-private type is implementation.
 */
@NullMarked
package dev.consent.jdbc;

import org.jspecify.annotations.NullMarked;
