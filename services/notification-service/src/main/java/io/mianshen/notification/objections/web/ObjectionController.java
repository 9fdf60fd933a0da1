package io.mianshen.notification.objections.web;

import io.mianshen.notification.objections.Objection;
import io.mianshen.notification.objections.Objections;
import io.mianshen.support.security.BearerTokens;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/notices/{noticeId}/objections} with {@code {"text": "..."}} raises an objection (201);
 * after the deadline the answer is 422 problem+json naming the deadline; beyond the day's cap (per notice, per
 * enterprise) 429 problem+json with {@code Retry-After} until the next day in China's time. {@code GET /api/notices/objections}
 * lists the caller's objections.
 */
@RestController
@RequestMapping("/api/notices")
class ObjectionController {

    /**
     * The body of a new objection.
     *
     * @param text what the enterprise objects to and why, 1 to {@value Objections#MAX_TEXT} characters
     */
    record NewObjection(String text) {}

    private final Objections objections;

    ObjectionController(Objections objections) {
        this.objections = objections;
    }

    @PostMapping("/{noticeId}/objections")
    @ResponseStatus(HttpStatus.CREATED)
    Objection raise(Authentication caller, @PathVariable UUID noticeId, @RequestBody NewObjection body) {
        String text = body == null || body.text() == null ? "" : body.text().strip();
        if (text.isEmpty()
                || text.length() > Objections.MAX_TEXT
                || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidText();
        }
        return objections.raise(uscc(caller), noticeId, text);
    }

    @GetMapping("/objections")
    List<Objection> list(Authentication caller) {
        return objections.list(uscc(caller));
    }

    private static String uscc(Authentication caller) {
        return BearerTokens.enterpriseUscc(caller)
                .orElseThrow(() -> new AccessDeniedException("the token has no uscc claim"));
    }

    /** The objection text is missing, too long or holds control characters. */
    static final class InvalidText extends RuntimeException {}

    @ExceptionHandler
    ProblemDetail invalidText(InvalidText e) {
        return io.mianshen.support.web.InvalidParameter.problem(io.mianshen.support.web.InvalidParameter.inBody(
                "/text",
                "text must be 1 to " + Objections.MAX_TEXT + " characters of text, without control characters"));
    }

    @ExceptionHandler
    ProblemDetail rulingNotObjectable(Objections.RulingNotObjectable e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("A ruling is not objected to");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail noSuchNotice(Objections.NoSuchNotice e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Notice not found");
        return problem;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooMany(io.mianshen.support.web.DailyLimit.Exceeded e) {
        return io.mianshen.support.web.DailyLimit.tooMany(e, "Too many objections");
    }

    @ExceptionHandler
    ProblemDetail windowClosed(Objections.WindowClosed e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Objection window closed");
        problem.setProperty("deadline", e.deadline().toString());
        return problem;
    }
}
