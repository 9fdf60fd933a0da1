package io.mianshen.eligibility.publicity.web;

import io.mianshen.contracts.Uscc;
import io.mianshen.eligibility.publicity.PublicObjections;
import io.mianshen.eligibility.publicity.Publicity;
import io.mianshen.support.web.DailyLimit;
import io.mianshen.support.web.InvalidParameter;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The publicity list (公示) as the public sees it, without a token: {@code GET /api/publicity?policyId=&period=}
 * lists the grants in their window today (enterprise name, USCC, amount, legal basis, window), nothing else of the
 * enterprise. {@code GET /api/decisions/{uscc}/publicity}: the enterprise's own published grants (or any, for
 * staff) with their status. {@code POST /api/publicity/{decisionId}/objections} (anyone, no token): an objection
 * during the window, {@code {"name", "contact", "reason"}}; 201, or problem+json: 400 naming the field, 404 for a grant
 * not published or no longer standing, 409 outside the window, 429 with {@code Retry-After} beyond the daily caps.
 */
@RestController
class PublicityController {

    private static final Pattern POLICY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PERIOD = Pattern.compile("FY\\d{4}|Y\\d{4}|ONCE|\\d{4}-\\d{2}-\\d{2}");
    private static final int MAX_LIMIT = 500;

    /** A telephone number (digits, spaces, +, -, parentheses) or an e-mail address. */
    private static final Pattern CONTACT = Pattern.compile("\\+?[0-9][0-9 ()\\-]{5,30}|[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Publicity publicity;
    private final PublicObjections objections;

    PublicityController(Publicity publicity, PublicObjections objections) {
        this.publicity = publicity;
        this.objections = objections;
    }

    /**
     * The list as published today.
     *
     * @param asOf    the day (China's time) the list is for: today
     * @param entries the grants in their window, oldest window first
     */
    record PublicityList(LocalDate asOf, String policyId, String period, List<Publicity.Published> entries) {}

    @GetMapping("/api/publicity")
    PublicityList list(
            @RequestParam(required = false) String policyId,
            @RequestParam(required = false) String period,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        if (policyId != null && !POLICY.matcher(policyId).matches()) {
            throw new InvalidParameter(
                    "policyId", "policyId '" + policyId + "' is not a policy id (lower-case words joined by '-')");
        }
        if (period != null && !PERIOD.matcher(period).matches()) {
            throw new InvalidParameter(
                    "period", "period '" + period + "' is FY<year>, Y<year>, ONCE or a date (yyyy-mm-dd)");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "limit is 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new InvalidParameter("offset", "offset is 0 or more, not " + offset);
        }
        LocalDate today = publicity.today();
        return new PublicityList(
                today, policyId, period, publicity.publishedOn(today, policyId, period, limit, offset));
    }

    /**
     * A published grant of the enterprise and where it stands.
     *
     * @param status     {@code IN_PUBLICITY} (objections open until the end of {@code grant.closesOn});
     *                   {@code UNDER_REVIEW} (its window closed with objections no ruling has answered);
     *                   {@code FINAL} (its window closed without an open objection, or a reviewer rejected them);
     *                   {@code REPLACED} (a later decision revoked or changed it: a change of facts or an upheld ruling)
     * @param finalOn    the day it is or becomes final when no objection holds it; null when replaced or under review
     * @param objections how many objections it drew in its window
     * @param rulingId   the latest reviewer's ruling on it, if any
     * @param ruling     that ruling's outcome: UPHELD (the grant was corrected: REPLACED) or REJECTED
     */
    record GrantStatus(
            Publicity.Published grant,
            String status,
            LocalDate finalOn,
            int objections,
            UUID rulingId,
            String ruling) {}

    /**
     * An objection by anyone to a published grant.
     *
     * @param name    who objects (a person or an organisation)
     * @param contact how to reach them with the ruling: a telephone number or an e-mail address
     * @param reason  why, in their words
     */
    record ObjectionRequest(String name, String contact, String reason) {}

    @PostMapping("/api/publicity/{decisionId}/objections")
    ResponseEntity<PublicObjections.Raised> object(
            @PathVariable String decisionId, @RequestBody(required = false) ObjectionRequest request) {
        UUID id;
        try {
            id = UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("decisionId", "decisionId '" + decisionId + "' is not a decision id (a UUID)");
        }
        if (request == null) {
            throw new InvalidParameter("name", "the body is {\"name\", \"contact\", \"reason\"}");
        }
        require("name", request.name(), 100);
        require("contact", request.contact(), 200);
        if (!CONTACT.matcher(request.contact().strip()).matches()) {
            throw new InvalidParameter(
                    "contact", "contact is a telephone number or an e-mail address, to be told the ruling");
        }
        require("reason", request.reason(), PublicObjections.MAX_REASON);
        PublicObjections.Raised raised = objections.raise(id, request.name(), request.contact(), request.reason());
        return ResponseEntity.status(HttpStatus.CREATED).body(raised);
    }

    private static void require(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameter(field, field + " is required");
        }
        if (value.strip().length() > max) {
            throw new InvalidParameter(field, field + " is at most " + max + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidParameter(field, field + " has control characters");
        }
    }

    @ExceptionHandler(PublicObjections.NotPublished.class)
    ProblemDetail notPublished(PublicObjections.NotPublished e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("No such published grant");
        return problem;
    }

    @ExceptionHandler(PublicObjections.WindowClosed.class)
    ProblemDetail windowClosed(PublicObjections.WindowClosed e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("The publicity window is closed");
        problem.setProperty("closesOn", e.closesOn().toString());
        return problem;
    }

    @ExceptionHandler(DailyLimit.Exceeded.class)
    ResponseEntity<ProblemDetail> tooMany(DailyLimit.Exceeded e) {
        return DailyLimit.tooMany(e, "Too many objections");
    }

    @GetMapping("/api/decisions/{uscc}/publicity")
    List<GrantStatus> status(@PathVariable String uscc) {
        Uscc.problem(uscc).ifPresent(problem -> {
            throw new InvalidParameter("uscc", "uscc '" + uscc + "': " + problem);
        });
        LocalDate today = publicity.today();
        return publicity.ofEnterprise(uscc).stream()
                .map(standing -> {
                    Publicity.Published grant = standing.grant();
                    String status;
                    LocalDate finalOn = null;
                    if (!standing.standing()) {
                        status = "REPLACED";
                    } else if (!today.isAfter(grant.closesOn())) {
                        status = "IN_PUBLICITY";
                        finalOn = standing.openObjections() == 0
                                ? grant.closesOn().plusDays(1)
                                : null;
                    } else if (standing.openObjections() > 0) {
                        status = "UNDER_REVIEW";
                    } else {
                        status = "FINAL";
                        finalOn = standing.finalOn() != null
                                ? standing.finalOn()
                                : grant.closesOn().plusDays(1);
                    }
                    return new GrantStatus(
                            grant,
                            status,
                            finalOn,
                            standing.objections(),
                            standing.rulingId(),
                            standing.rulingOutcome());
                })
                .toList();
    }
}
