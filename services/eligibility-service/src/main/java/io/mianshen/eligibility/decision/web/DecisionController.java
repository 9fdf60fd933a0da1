package io.mianshen.eligibility.decision.web;

import io.mianshen.contracts.Uscc;
import io.mianshen.eligibility.decision.DecisionQueries;
import io.mianshen.support.web.InvalidParameter;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/decisions/{uscc}}: every policy and period evaluated for an enterprise, with the
 * outcome, the explanation and the decision history; {@code ?policyId=} and {@code ?period=} narrow it, and
 * {@code ?live=true} keeps only what has a decision in force (an empty list when nothing does).
 */
@RestController
@RequestMapping("/api/decisions")
class DecisionController {

    private static final Pattern PERIOD = Pattern.compile("FY\\d{4}|Y\\d{4}|ONCE");

    private final DecisionQueries queries;

    DecisionController(DecisionQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/{uscc}")
    List<DecisionQueries.Standing> standings(
            @PathVariable String uscc,
            @RequestParam(required = false) String policyId,
            @RequestParam(required = false) String period,
            @RequestParam(defaultValue = "false") String live) {
        if (!live.equals("true") && !live.equals("false")) {
            throw new InvalidParameter(
                    "live",
                    "live '" + live
                            + "': live is true (only what is granted and in force) or false (every evaluation)");
        }
        Uscc.problem(uscc).ifPresent(problem -> {
            throw new InvalidParameter("uscc", "uscc '" + uscc + "': " + problem);
        });
        if (period != null && !PERIOD.matcher(period).matches()) {
            throw new InvalidParameter("period", "period '" + period + "': a period is FY<year>, Y<year> or ONCE");
        }
        List<DecisionQueries.Standing> standings = queries.standings(uscc, policyId, period, live.equals("true"));
        if (standings.isEmpty() && !(live.equals("true") && queries.evaluated(uscc))) {
            throw new DecisionNotFound(uscc, policyId, period);
        }
        return standings;
    }

    /** Nothing has been evaluated for the enterprise (and policy and period). */
    static final class DecisionNotFound extends RuntimeException {
        DecisionNotFound(String uscc, String policyId, String period) {
            super("no evaluation for " + uscc + (policyId == null ? "" : " policy " + policyId)
                    + (period == null ? "" : " period " + period));
        }
    }

    @ExceptionHandler(DecisionNotFound.class)
    ProblemDetail notFound(DecisionNotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Decision not found");
        return problem;
    }
}
