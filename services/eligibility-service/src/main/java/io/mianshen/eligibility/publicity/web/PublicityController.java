package io.mianshen.eligibility.publicity.web;

import io.mianshen.contracts.Uscc;
import io.mianshen.eligibility.publicity.Publicity;
import io.mianshen.support.web.InvalidParameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The publicity list (公示) as the public sees it, without a token: {@code GET /api/publicity?policyId=&period=}
 * lists the grants in their window today (enterprise name, USCC, amount, legal basis, window), nothing else of the
 * enterprise. {@code GET /api/decisions/{uscc}/publicity}: the enterprise's own published grants (or any, for
 * staff) with their status: {@code IN_PUBLICITY} until the end of the window's last day, then {@code FINAL}.
 */
@RestController
class PublicityController {

    private static final Pattern POLICY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PERIOD = Pattern.compile("FY\\d{4}|Y\\d{4}|ONCE|\\d{4}-\\d{2}-\\d{2}");
    private static final int MAX_LIMIT = 500;

    private final Publicity publicity;

    PublicityController(Publicity publicity) {
        this.publicity = publicity;
    }

    /**
     * The list as published today.
     *
     * @param asOf    the day (China's time) the list is for: today
     * @param entries the grants in their window, oldest window first
     */
    record PublicityList(LocalDate asOf, String policyId, String period, List<Publicity.Published> entries) {
    }

    @GetMapping("/api/publicity")
    PublicityList list(@RequestParam(required = false) String policyId, @RequestParam(required = false) String period,
                       @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (policyId != null && !POLICY.matcher(policyId).matches()) {
            throw new InvalidParameter("policyId", "policyId '" + policyId + "' is not a policy id (lower-case words joined by '-')");
        }
        if (period != null && !PERIOD.matcher(period).matches()) {
            throw new InvalidParameter("period", "period '" + period + "' is FY<year>, Y<year>, ONCE or a date (yyyy-mm-dd)");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "limit is 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new InvalidParameter("offset", "offset is 0 or more, not " + offset);
        }
        LocalDate today = publicity.today();
        return new PublicityList(today, policyId, period, publicity.publishedOn(today, policyId, period, limit, offset));
    }

    /**
     * A published grant of the enterprise and where it stands.
     *
     * @param status   {@code IN_PUBLICITY} (objections open until the end of {@code grant.closesOn}), {@code FINAL}
     *                 (from the day after), or {@code REPLACED} (a later decision revoked or changed it)
     * @param finalOn  the day it is or becomes final; null when replaced
     */
    record GrantStatus(Publicity.Published grant, String status, LocalDate finalOn) {
    }

    @GetMapping("/api/decisions/{uscc}/publicity")
    List<GrantStatus> status(@PathVariable String uscc) {
        Uscc.problem(uscc).ifPresent(problem -> {
            throw new InvalidParameter("uscc", "uscc '" + uscc + "': " + problem);
        });
        LocalDate today = publicity.today();
        return publicity.ofEnterprise(uscc).stream().map(standing -> {
            Publicity.Published grant = standing.grant();
            if (!standing.standing()) {
                return new GrantStatus(grant, "REPLACED", null);
            }
            return new GrantStatus(grant, today.isAfter(grant.closesOn()) ? "FINAL" : "IN_PUBLICITY", grant.closesOn().plusDays(1));
        }).toList();
    }
}
