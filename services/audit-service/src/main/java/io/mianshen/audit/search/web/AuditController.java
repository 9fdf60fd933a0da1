package io.mianshen.audit.search.web;

import io.mianshen.audit.search.AccessLog;
import io.mianshen.audit.search.AuditSearch;
import io.mianshen.audit.search.SearchFilter;
import io.mianshen.contracts.Uscc;
import io.mianshen.support.web.InvalidParameter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The auditor API (role AUDITOR, read-only). Every query is recorded with who asked, the filter and the
 * rows returned. Filters: {@code uscc}, {@code policyId}, {@code period}, {@code type} (granted, adjusted,
 * revoked, queued, queue-left), {@code decidedFrom}/{@code decidedTo} (RFC 3339 time, or a date in China's time),
 * {@code minAmount}/{@code maxAmount} (yuan); a bad one is 400 problem+json naming it.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final AuditSearch search;
    private final AccessLog access;

    AuditController(AuditSearch search, AccessLog access) {
        this.search = search;
        this.access = access;
    }

    /** {@code GET /api/audit/decisions?...&cursor=&limit=}: decisions by decision time, keyset-paginated. */
    @GetMapping("/decisions")
    AuditSearch.Page decisions(
            Authentication caller,
            @RequestParam(required = false) String uscc,
            @RequestParam(required = false) String policyId,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String decidedFrom,
            @RequestParam(required = false) String decidedTo,
            @RequestParam(required = false) String minAmount,
            @RequestParam(required = false) String maxAmount,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        SearchFilter filter = filter(uscc, policyId, period, type, decidedFrom, decidedTo, minAmount, maxAmount);
        if (limit < 1 || limit > AuditSearch.MAX_PAGE) {
            throw new InvalidParameter("limit", "limit must be between 1 and " + AuditSearch.MAX_PAGE);
        }
        AuditSearch.Page page;
        try {
            page = search.search(filter, cursor, limit);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("cursor", e.getMessage());
        }
        access.record(caller, "decisions", filter.describe(), page.decisions().size());
        return page;
    }

    /** {@code GET /api/audit/decisions.csv?...}: every matching decision as CSV, streamed. */
    @GetMapping("/decisions.csv")
    ResponseEntity<StreamingResponseBody> export(
            Authentication caller,
            @RequestParam(required = false) String uscc,
            @RequestParam(required = false) String policyId,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String decidedFrom,
            @RequestParam(required = false) String decidedTo,
            @RequestParam(required = false) String minAmount,
            @RequestParam(required = false) String maxAmount) {
        SearchFilter filter = filter(uscc, policyId, period, type, decidedFrom, decidedTo, minAmount, maxAmount);
        StreamingResponseBody body =
                out -> access.record(caller, "decisions.csv", filter.describe(), search.exportCsv(filter, out));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"mianshen-decisions.csv\"")
                .body(body);
    }

    /** {@code GET /api/audit/decisions/{decisionId}}: the decision's whole history, explanation, notices and objections. */
    @GetMapping("/decisions/{decisionId}")
    AuditSearch.History history(Authentication caller, @PathVariable String decisionId) {
        AuditSearch.History history = search.history(decisionId).orElseThrow(() -> new DecisionNotFound(decisionId));
        access.record(
                caller,
                "decision",
                "decisionId=" + decisionId,
                history.history().size());
        return history;
    }

    /**
     * {@code GET /api/audit/queue[?policyId=&period=]}: the decisions waiting in budget queues, each with its position now,
     * in queue order per policy and period.
     */
    @GetMapping("/queue")
    List<AuditSearch.Waiting> queue(
            Authentication caller,
            @RequestParam(required = false) String policyId,
            @RequestParam(required = false) String period) {
        List<AuditSearch.Waiting> waiting = search.queue(policyId, period);
        access.record(caller, "queue", "policyId=" + policyId + "&period=" + period, waiting.size());
        return waiting;
    }

    /** The who-looked log's page: the latest queries. */
    record Queries(List<AccessLog.Query> queries) {}

    /** {@code GET /api/audit/queries[?limit=]}: who looked at what (newest first, at most 500); itself recorded. */
    @GetMapping("/queries")
    Queries queries(Authentication caller, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw new io.mianshen.support.web.InvalidParameter("limit", "limit is 1 to 500, not " + limit);
        }
        List<AccessLog.Query> recent = access.recent(limit);
        access.record(caller, "queries", "limit=" + limit, recent.size());
        return new Queries(recent);
    }

    /** {@code GET /api/audit/totals[?policyId=&period=]}: count, granted, adjusted, revoked, net and budget per policy and period. */
    @GetMapping("/totals")
    List<AuditSearch.Totals> totals(
            Authentication caller,
            @RequestParam(required = false) String policyId,
            @RequestParam(required = false) String period) {
        SearchFilter filter = filter(null, policyId, period, null, null, null, null, null);
        List<AuditSearch.Totals> totals = search.totals(filter.policyId(), filter.period());
        access.record(caller, "totals", filter.describe(), totals.size());
        return totals;
    }

    private static SearchFilter filter(
            String uscc,
            String policyId,
            String period,
            String type,
            String decidedFrom,
            String decidedTo,
            String minAmount,
            String maxAmount) {
        if (uscc != null && !Uscc.isValid(uscc)) {
            throw new InvalidParameter(
                    "uscc",
                    "uscc is not a valid unified social credit code: "
                            + Uscc.problem(uscc).orElse(""));
        }
        if (policyId != null && !policyId.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new InvalidParameter(
                    "policyId", "policyId is lower-case words joined by hyphens, e.g. rd-post-subsidy");
        }
        if (period != null && !period.matches("FY\\d{4}|Y\\d{4}|ONCE")) {
            throw new InvalidParameter("period", "period is FY2023, Y2023 or ONCE");
        }
        String fullType = null;
        if (type != null) {
            fullType = fullType(type);
            if (fullType == null) {
                throw new InvalidParameter("type", "type is granted, adjusted or revoked");
            }
        }
        BigDecimal min = amount("minAmount", minAmount);
        BigDecimal max = amount("maxAmount", maxAmount);
        return new SearchFilter(
                uscc,
                policyId,
                period,
                fullType,
                time("decidedFrom", decidedFrom),
                time("decidedTo", decidedTo),
                min,
                max);
    }

    private static Instant time(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(CHINA).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, name + " is an RFC 3339 time or a date (YYYY-MM-DD)");
        }
    }

    private static BigDecimal amount(String name, String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("\\d{1,16}(\\.\\d{1,2})?")) {
            throw new InvalidParameter(name, name + " is an amount of yuan with at most two decimals, e.g. 150000.00");
        }
        return new BigDecimal(value);
    }

    /** The full event type of a short or full decision type name, or {@code null}. */
    private static String fullType(String type) {
        return switch (type) {
            case "granted", "gov.benefit.granted.v1" -> "gov.benefit.granted.v1";
            case "adjusted", "gov.benefit.adjusted.v1" -> "gov.benefit.adjusted.v1";
            case "revoked", "gov.benefit.revoked.v1" -> "gov.benefit.revoked.v1";
            case "queued", "gov.benefit.queued.v1" -> "gov.benefit.queued.v1";
            case "queue-left", "gov.benefit.queue-left.v1" -> "gov.benefit.queue-left.v1";
            default -> null;
        };
    }

    /** No decision with that id in the ledger. */
    static final class DecisionNotFound extends RuntimeException {
        DecisionNotFound(String decisionId) {
            super("no decision " + decisionId + " in the ledger");
        }
    }

    @ExceptionHandler
    ProblemDetail notFound(DecisionNotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Decision not found");
        return problem;
    }
}
