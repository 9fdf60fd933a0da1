package io.mianshen.eligibility.admin.web;

import io.mianshen.eligibility.admin.Backfills;
import io.mianshen.eligibility.admin.PolicyAdministration;
import io.mianshen.eligibility.policy.PolicyCatalog;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyRejectedException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Policy administration. {@code GET /api/policies}: every policy and its versions; {@code GET
 * /api/policies/{id}/versions/{version}}: one version in full; {@code POST /api/policies} (a YAML policy
 * file as the body): publish a new version, refused with every problem when it does not pass its checks;
 * {@code GET /api/policies/backfills/{id}}: progress of the re-decision that follows.
 */
@RestController
@RequestMapping("/api/policies")
class PolicyController {

    /**
     * A policy and its versions.
     *
     * @param policyId the policy
     * @param title    its Chinese title
     * @param titleEn  its English title
     * @param versions its versions, oldest first
     */
    record PolicySummary(String policyId, String title, String titleEn, List<VersionSummary> versions) {}

    /**
     * A version in brief.
     *
     * @param version       the number
     * @param benefitKind   what it gives
     * @param period        how its periods are counted
     * @param effectiveFrom first date in force
     * @param effectiveTo   last date in force, or {@code null}
     */
    record VersionSummary(
            int version, String benefitKind, String period, LocalDate effectiveFrom, LocalDate effectiveTo) {}

    /**
     * A version in full, as its file states it.
     *
     * @param policyId       the policy
     * @param version        the version
     * @param title          Chinese title
     * @param titleEn        English title
     * @param legalBasis     its legal basis
     * @param reads          the kinds of fact it reads
     * @param parameters     its dated parameters
     * @param clauses        its eligibility clauses
     * @param amountFormula  the amount formula
     * @param exclusiveGroup its exclusive group, if any
     * @param budget         its budget per period (decimal string), if any
     */
    record VersionDetail(
            String policyId,
            int version,
            String title,
            String titleEn,
            Policy.LegalBasis legalBasis,
            List<String> reads,
            List<Policy.Parameter> parameters,
            List<Policy.Clause> clauses,
            String amountFormula,
            Policy.ExclusiveGroup exclusiveGroup,
            String budget,
            List<ExampleSummary> examples) {}

    /**
     * An embedded example of a version, as it was checked when the version went live.
     *
     * @param name    its name in the file
     * @param period  the period it evaluates
     * @param outcome the outcome it expects
     * @param inForce whether it expects the version to be in force for the period
     * @param amount  the amount it expects in yuan (a decimal string), when eligible
     * @param failing the clauses it expects to fail
     * @param missing the facts it expects to be missing
     */
    record ExampleSummary(
            String name,
            String period,
            String outcome,
            boolean inForce,
            String amount,
            List<String> failing,
            List<String> missing) {}

    /**
     * A published version.
     *
     * @param policyId   the policy
     * @param version    the version now live
     * @param backfillId the backfill re-deciding every known enterprise
     */
    record PublishedVersion(String policyId, int version, UUID backfillId) {}

    private final PolicyCatalog catalog;
    private final PolicyAdministration administration;
    private final Backfills backfills;

    PolicyController(PolicyCatalog catalog, PolicyAdministration administration, Backfills backfills) {
        this.catalog = catalog;
        this.administration = administration;
        this.backfills = backfills;
    }

    @GetMapping
    List<PolicySummary> policies() {
        return catalog.policyIds().stream().map(this::summary).toList();
    }

    @GetMapping("/{policyId}")
    PolicySummary policy(@PathVariable String policyId) {
        if (!catalog.policyIds().contains(policyId)) {
            throw new NotFound("no policy " + policyId);
        }
        return summary(policyId);
    }

    @GetMapping("/{policyId}/versions/{version}")
    VersionDetail version(@PathVariable String policyId, @PathVariable int version) {
        Policy policy = catalog.version(policyId, version)
                .orElseThrow(() -> new NotFound("no version " + version + " of policy " + policyId));
        return new VersionDetail(
                policy.id(),
                policy.version(),
                policy.title(),
                policy.titleEn(),
                policy.legalBasis(),
                policy.reads().stream().map(Enum::name).sorted().toList(),
                policy.parameters().values().stream()
                        .sorted(java.util.Comparator.comparing(Policy.Parameter::name))
                        .toList(),
                policy.clauses(),
                policy.amountFormula(),
                policy.exclusiveGroup().orElse(null),
                policy.budgetPerPeriod().map(BigDecimal::toPlainString).orElse(null),
                policy.examples().stream()
                        .map(example -> new ExampleSummary(
                                example.name(),
                                example.period(),
                                example.outcome() == null
                                        ? null
                                        : example.outcome().name(),
                                example.inForce(),
                                example.amount() == null
                                        ? null
                                        : example.amount().toPlainString(),
                                example.failing(),
                                example.missing()))
                        .toList());
    }

    @PostMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    ResponseEntity<PublishedVersion> publish(
            @RequestBody byte[] content,
            @RequestParam(defaultValue = "policy.yaml") String file,
            Authentication caller) {
        // YAML is UTF-8 whatever the content type says; a String body would be decoded as ISO-8859-1
        String yaml = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        PolicyAdministration.Published published = administration.publish(file, yaml, caller.getName());
        PublishedVersion body =
                new PublishedVersion(published.policy().id(), published.policy().version(), published.backfillId());
        return ResponseEntity.created(URI.create("/api/policies/" + body.policyId() + "/versions/" + body.version()))
                .body(body);
    }

    @GetMapping("/backfills/{backfillId}")
    Backfills.Progress backfill(@PathVariable UUID backfillId) {
        return backfills.progress(backfillId).orElseThrow(() -> new NotFound("no backfill " + backfillId));
    }

    private PolicySummary summary(String policyId) {
        List<Policy> versions = catalog.versions().stream()
                .filter(p -> p.id().equals(policyId))
                .sorted(java.util.Comparator.comparingInt(Policy::version))
                .toList();
        Policy latest = versions.get(versions.size() - 1);
        return new PolicySummary(
                policyId,
                latest.title(),
                latest.titleEn(),
                versions.stream()
                        .map(p -> new VersionSummary(
                                p.version(),
                                p.benefitKind().name(),
                                p.periodKind().name(),
                                p.effectiveFrom(),
                                p.effectiveTo()))
                        .toList());
    }

    /** A policy, version or backfill that does not exist. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(PolicyRejectedException.class)
    ProblemDetail rejected(PolicyRejectedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNPROCESSABLE_CONTENT, e.problems().size() + " problem(s): the version was not published");
        problem.setTitle("Policy file refused");
        problem.setProperty(
                "errors",
                e.problems().stream()
                        .map(p -> Map.of(
                                "file", p.file(), "line", p.line(), "column", p.column(), "message", p.message()))
                        .toList());
        return problem;
    }

    @ExceptionHandler(PolicyAdministration.VersionExists.class)
    ProblemDetail exists(PolicyAdministration.VersionExists e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Version already published");
        return problem;
    }
}
