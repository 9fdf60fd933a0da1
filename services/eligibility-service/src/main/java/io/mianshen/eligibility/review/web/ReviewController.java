package io.mianshen.eligibility.review.web;

import io.mianshen.contracts.Money;
import io.mianshen.eligibility.review.Reviews;
import io.mianshen.support.web.InvalidParameter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reviewer's API (role REVIEWER). {@code GET /api/reviews?limit=&offset=}: the open cases, oldest objection first,
 * each with the grant, its objections (with who objected and how to reach them), the decision with its explanation and
 * the facts with their source events. {@code GET /api/reviews/{decisionId}}: one case, open or ruled.
 * {@code POST /api/reviews/{decisionId}/ruling} {@code {"outcome": "UPHELD"|"REJECTED", "correction": "REVOKE"|"ADJUST",
 * "amount": "80000.00", "reasons": "..."}}: 201 with the ruling; problem+json 400 naming the field, 404 for a grant
 * never published, 409 when it no longer stands or has no open objection.
 */
@RestController
class ReviewController {

    private static final int MAX_LIMIT = 100;

    private final Reviews reviews;

    ReviewController(Reviews reviews) {
        this.reviews = reviews;
    }

    /** The open cases. */
    record Queue(List<Reviews.Case> cases) {}

    @GetMapping("/api/reviews")
    Queue queue(@RequestParam(defaultValue = "20") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "limit is 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new InvalidParameter("offset", "offset is 0 or more, not " + offset);
        }
        return new Queue(reviews.queue(limit, offset));
    }

    @GetMapping("/api/reviews/{decisionId}")
    Reviews.Case caseOf(@PathVariable String decisionId) {
        UUID id = decisionId(decisionId);
        return reviews.caseOf(id).orElseThrow(() -> new NoSuchCase(id));
    }

    /**
     * A ruling as the reviewer writes it.
     *
     * @param outcome    UPHELD or REJECTED
     * @param correction for UPHELD: REVOKE or ADJUST; absent for REJECTED
     * @param amount     for ADJUST: the corrected amount in yuan as a decimal string, less than the grant
     * @param reasons    the written reasons, which the enterprise and the objectors are told
     */
    record RulingRequest(String outcome, String correction, String amount, String reasons) {}

    @PostMapping("/api/reviews/{decisionId}/ruling")
    ResponseEntity<Reviews.Ruling> rule(
            @PathVariable String decisionId,
            @RequestBody(required = false) RulingRequest request,
            Authentication caller) {
        UUID id = decisionId(decisionId);
        if (request == null || request.outcome() == null) {
            throw new InvalidParameter("outcome", "outcome is required: UPHELD or REJECTED");
        }
        if (!Set.of("UPHELD", "REJECTED").contains(request.outcome())) {
            throw new InvalidParameter("outcome", "outcome is UPHELD or REJECTED, not '" + request.outcome() + "'");
        }
        BigDecimal amount = null;
        if (request.outcome().equals("UPHELD")) {
            if (request.correction() == null || !Set.of("REVOKE", "ADJUST").contains(request.correction())) {
                throw new InvalidParameter(
                        "correction", "an upheld objection needs a correction: REVOKE, or ADJUST with amount");
            }
            if (request.correction().equals("ADJUST")) {
                if (request.amount() == null
                        || !Money.isAmount(request.amount())
                        || Money.isBeyondMaximum(request.amount())) {
                    throw new InvalidParameter(
                            "amount",
                            "ADJUST needs amount, the corrected amount in yuan as a decimal string with at most two"
                                    + " decimals (\"80000.00\"), not "
                                    + (request.amount() == null ? "none" : "'" + request.amount() + "'"));
                }
                amount = new BigDecimal(request.amount());
            } else if (request.amount() != null) {
                throw new InvalidParameter("amount", "amount goes with ADJUST only");
            }
        } else if (request.correction() != null || request.amount() != null) {
            throw new InvalidParameter(
                    request.correction() != null ? "correction" : "amount", "a rejected objection corrects nothing");
        }
        if (request.reasons() == null || request.reasons().isBlank()) {
            throw new InvalidParameter(
                    "reasons", "reasons are required: the enterprise and the objectors are told them");
        }
        if (request.reasons().strip().length() > Reviews.MAX_REASONS) {
            throw new InvalidParameter("reasons", "reasons are at most " + Reviews.MAX_REASONS + " characters");
        }
        if (request.reasons().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidParameter("reasons", "reasons have control characters");
        }
        Reviews.Ruling ruling = reviews.rule(
                id,
                request.outcome(),
                request.outcome().equals("UPHELD") ? request.correction() : null,
                amount,
                request.reasons(),
                caller.getName());
        return ResponseEntity.status(HttpStatus.CREATED).body(ruling);
    }

    private static UUID decisionId(String decisionId) {
        try {
            return UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("decisionId", "decisionId '" + decisionId + "' is not a decision id (a UUID)");
        }
    }

    private static final class NoSuchCase extends RuntimeException {
        NoSuchCase(UUID decisionId) {
            super("no published grant " + decisionId);
        }
    }

    @ExceptionHandler({NoSuchCase.class, Reviews.NotFound.class})
    ProblemDetail notFound(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("No such published grant");
        return problem;
    }

    @ExceptionHandler(Reviews.CannotRule.class)
    ProblemDetail cannotRule(Reviews.CannotRule e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Nothing to rule on");
        return problem;
    }
}
