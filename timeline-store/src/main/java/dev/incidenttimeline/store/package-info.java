/**
 * Persistence of the domain on PostgreSQL: Jdbi SqlObject repositories (SQL in text
 * blocks, bound parameters only), the inbox and outbox queue SQL, and {@link
 * dev.incidenttimeline.store.Database}, which opens {@code DATABASE_URL} or the embedded
 * server in {@code DATA_DIR} and runs the Flyway migrations.
 */
package dev.incidenttimeline.store;
