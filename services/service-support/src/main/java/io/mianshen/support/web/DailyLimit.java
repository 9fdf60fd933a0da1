package io.mianshen.support.web;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A cap on how many of something one party may do in a day of China's time (objections to a notice, to a published
 * grant, from one contact): {@link Day} says where today began and how long until tomorrow; {@link #require} throws
 * {@link Exceeded}, which a controller answers with {@link #tooMany}: 429 problem+json with {@code Retry-After} until
 * the next day begins.
 */
public final class DailyLimit {

    /** Days are counted in China's time. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private DailyLimit() {}

    /**
     * Today in China, as of {@code now}.
     *
     * @param start         when today began, for counting what was done today
     * @param untilTomorrow how long until the next day begins
     */
    public record Day(Timestamp start, Duration untilTomorrow) {

        /** The day of {@code now}. */
        public static Day of(Instant now) {
            LocalDate today = now.atZone(CHINA).toLocalDate();
            return new Day(
                    Timestamp.from(today.atStartOfDay(CHINA).toInstant()),
                    Duration.between(now, today.plusDays(1).atStartOfDay(CHINA).toInstant()));
        }
    }

    /** Too many today. */
    public static final class Exceeded extends RuntimeException {
        private final Duration retryAfter;

        Exceeded(String what, int limit, Duration retryAfter) {
            super("at most " + limit + " " + what + " per day (Asia/Shanghai); try again tomorrow");
            this.retryAfter = retryAfter;
        }

        /** Until the next day begins in China. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * Throws {@link Exceeded} when {@code doneToday} has reached {@code limit}.
     *
     * @param what what is capped, as the refusal names it: "objections to one notice"
     */
    public static void require(int doneToday, int limit, String what, Day day) {
        if (doneToday >= limit) {
            throw new Exceeded(what, limit, day.untilTomorrow());
        }
    }

    /** The answer to {@code e}: 429 problem+json titled {@code title}, with {@code Retry-After} and {@code retryAfterSeconds}. */
    public static ResponseEntity<ProblemDetail> tooMany(Exceeded e, String title) {
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle(title);
        problem.setProperty("retryAfterSeconds", seconds);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
