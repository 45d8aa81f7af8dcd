package dev.incidenttimeline.bot.incident;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The time given to a key-moment command, as typed: a moment already known ({@code -15m},
 * {@code now}, a message permalink), a date and time, or a time of day, which is read on
 * the incident's date (or the day before, when that time is still ahead).
 */
public sealed interface MomentTime {

    /** The instant meant, for an incident declared on {@code incidentDate} (in {@code zone}), at {@code now}. */
    Instant resolve(LocalDate incidentDate, ZoneId zone, Instant now);

    /** An instant: relative to now, now itself, or a message's own time. */
    record At(Instant at, String described) implements MomentTime {
        public At {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public Instant resolve(LocalDate incidentDate, ZoneId zone, Instant now) {
            return at;
        }
    }

    /** {@code 2026-11-17 09:05} in {@code TIMEZONE}. */
    record DateTime(LocalDateTime local) implements MomentTime {
        public DateTime {
            Objects.requireNonNull(local, "local");
        }

        @Override
        public Instant resolve(LocalDate incidentDate, ZoneId zone, Instant now) {
            return local.atZone(zone).toInstant();
        }
    }

    /** {@code 09:05} in {@code TIMEZONE}, on the incident's date, or the day before when still ahead of now. */
    record TimeOfDay(LocalTime time) implements MomentTime {
        public TimeOfDay {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public Instant resolve(LocalDate incidentDate, ZoneId zone, Instant now) {
            Instant on = incidentDate.atTime(time).atZone(zone).toInstant();
            return on.isAfter(now) ? incidentDate.minusDays(1).atTime(time).atZone(zone).toInstant() : on;
        }
    }
}
