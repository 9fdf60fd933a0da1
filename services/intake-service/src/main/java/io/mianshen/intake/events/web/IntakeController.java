package io.mianshen.intake.events.web;

import io.mianshen.contracts.Violation;
import io.mianshen.intake.config.IntakeSettings;
import io.mianshen.intake.events.EventIntake;
import io.mianshen.intake.events.FeedGrant;
import io.mianshen.intake.events.ItemResult;
import io.mianshen.intake.events.NotPermitted;
import io.mianshen.intake.events.PublishFailed;
import io.mianshen.intake.events.csv.CsvEvents;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP intake for feeds that do not speak Kafka (role FEED), each event within the sources and types of the feed's
 * token ({@link FeedGrant}; else 403 problem+json listing what is outside, and nothing is published):
 * <ul>
 *   <li>{@code POST /events}: one structured CloudEvent (JSON); 202 when accepted, 200 when it was accepted
 *   before, 400 problem+json with the JSON Pointer when the body is not JSON, 422 naming every field that
 *   breaks the contract;</li>
 *   <li>{@code POST /events/batch}: a JSON array of at most {@code mianshen.intake.max-batch} (500) events;</li>
 *   <li>{@code POST /events/csv?type=...[&source=...][&charset=GBK]}: CSV with a header row, UTF-8 or GBK, at
 *   most {@code mianshen.intake.max-csv-rows} (10,000) rows.</li>
 * </ul>
 * A batch or a CSV answers 200 with every item: accepted, duplicate or rejected with its reasons (CSV: its
 * line). If Kafka does not acknowledge an event, the answer is 503 and none of the submission's events is
 * recorded as accepted: sending the whole submission again is safe.
 */
@RestController
class IntakeController {

    /**
     * The answer to a submission.
     *
     * @param accepted   events published
     * @param duplicates events accepted before (same source and id), not published again
     * @param rejected   events refused, with their reasons in {@code items}
     * @param items      every event, in order
     */
    record Receipt(long accepted, long duplicates, long rejected, List<ItemResult> items) {
        static Receipt of(List<ItemResult> items) {
            return new Receipt(
                    count(items, ItemResult.Status.ACCEPTED),
                    count(items, ItemResult.Status.DUPLICATE),
                    count(items, ItemResult.Status.REJECTED),
                    items);
        }

        private static long count(List<ItemResult> items, ItemResult.Status status) {
            return items.stream().filter(i -> i.status() == status).count();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventIntake intake;
    private final IntakeSettings settings;

    IntakeController(EventIntake intake, IntakeSettings settings) {
        this.intake = intake;
        this.settings = settings;
    }

    @PostMapping(
            path = "/events",
            consumes = {"application/cloudevents+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Object> one(@AuthenticationPrincipal Jwt feed, @RequestBody byte[] body) {
        JsonNode event = parse(body);
        ItemResult result = intake.submit(List.of(EventIntake.Submitted.json(event)), FeedGrant.of(feed))
                .get(0);
        if (result.status() == ItemResult.Status.REJECTED) {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, describe(result.violations()));
            problem.setTitle("The event breaks the contract");
            problem.setProperty("violations", result.violations());
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        return ResponseEntity.status(
                        result.status() == ItemResult.Status.ACCEPTED ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(Receipt.of(List.of(result)));
    }

    @PostMapping(path = "/events/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    Receipt batch(@AuthenticationPrincipal Jwt feed, @RequestBody byte[] body) {
        JsonNode array = parse(body);
        if (!array.isArray()) {
            throw new BadBody("", "a batch is a JSON array of structured CloudEvents");
        }
        if (array.size() > settings.maxBatch()) {
            throw new TooLarge(
                    "the batch holds " + array.size() + " events; one batch takes at most " + settings.maxBatch());
        }
        List<EventIntake.Submitted> events = new ArrayList<>();
        array.values().forEach(event -> events.add(EventIntake.Submitted.json(event)));
        return Receipt.of(intake.submit(events, FeedGrant.of(feed)));
    }

    @PostMapping(
            path = "/events/csv",
            consumes = {"text/csv", "application/csv", MediaType.TEXT_PLAIN_VALUE})
    Receipt csv(
            @AuthenticationPrincipal Jwt feed,
            @RequestParam String type,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String charset,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody byte[] body) {
        if (!intake.feedTypes().contains(type)) {
            throw new BadBody("/type", "type must be a fact type a feed publishes: " + intake.feedTypes());
        }
        try {
            List<EventIntake.Submitted> events = CsvEvents.read(
                    body, charset(charset, contentType), type, source, intake.dataSchema(type), settings.maxCsvRows());
            return Receipt.of(intake.submit(events, FeedGrant.of(feed)));
        } catch (CsvEvents.TooManyRows e) {
            throw new TooLarge(e.getMessage());
        } catch (CsvEvents.UnreadableCsv e) {
            throw new BadBody(e.pointer(), e.getMessage());
        }
    }

    private static Charset charset(String parameter, String contentType) {
        String name = parameter;
        if (name == null && contentType != null) {
            for (String part : contentType.split(";")) {
                if (part.strip().toLowerCase(java.util.Locale.ROOT).startsWith("charset=")) {
                    name = part.strip().substring("charset=".length()).replace("\"", "");
                }
            }
        }
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            Charset charset = Charset.forName(name);
            if (!charset.equals(StandardCharsets.UTF_8)
                    && !charset.name().equals("GBK")
                    && !charset.name().equals("GB18030")) {
                throw new BadBody("/charset", "charset is UTF-8, GBK or GB18030");
            }
            return charset;
        } catch (UnsupportedCharsetException | java.nio.charset.IllegalCharsetNameException e) {
            throw new BadBody("/charset", "charset is UTF-8, GBK or GB18030");
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new BadBody(
                    "",
                    "the body is not valid JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr() + ")"));
        }
    }

    private static String describe(List<Violation> violations) {
        return violations.stream()
                .map(Violation::describe)
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    }

    /** The body cannot be read at all. */
    static final class BadBody extends RuntimeException {
        private final String pointer;

        BadBody(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }
    }

    /** More events than one request takes. */
    static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    @ExceptionHandler
    ProblemDetail badBody(BadBody e) {
        return io.mianshen.support.web.InvalidParameter.problem(
                e.pointer.equals("/charset")
                        ? new io.mianshen.support.web.InvalidParameter("charset", e.getMessage())
                        : io.mianshen.support.web.InvalidParameter.inBody(e.pointer, e.getMessage()));
    }

    @ExceptionHandler
    ProblemDetail notPermitted(NotPermitted e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, e.getMessage() + "; nothing of this request was published");
        problem.setTitle("Outside the feed's grant");
        problem.setProperty("refused", e.refusals());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail tooLarge(TooLarge e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Too many events");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail publishFailed(PublishFailed e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                e.getMessage()
                        + ". Events before it were accepted; send the whole request again (accepted events are recognised as duplicates).");
        problem.setTitle("Kafka is unavailable");
        problem.setProperty("failedIndex", e.index());
        return problem;
    }
}
