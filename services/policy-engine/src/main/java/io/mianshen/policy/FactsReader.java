package io.mianshen.policy;

import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.DeregistrationFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.ListingFact;
import io.mianshen.policy.facts.ProfileFact;
import io.mianshen.policy.facts.RatingFact;
import io.mianshen.policy.facts.SourceRef;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads an enterprise's facts from YAML or JSON (the shape of {@link FactsSnapshot}): the facts of
 * embedded examples and of the command line's {@code eval --facts}. Money must be a quoted string.
 * A profile without {@code asOf} holds from the beginning of time.
 */
public final class FactsReader {

    private static final LocalDate ALWAYS = LocalDate.of(1900, 1, 1);

    private final YamlNodes yaml;

    FactsReader(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /**
     * Reads facts from a YAML or JSON text.
     *
     * @throws PolicyRejectedException with every problem, naming lines and columns of {@code file}
     */
    public static FactsSnapshot read(String file, String text) {
        YamlNodes nodes = new YamlNodes(file);
        Node root = nodes.parse(text);
        FactsSnapshot facts = root == null ? null : new FactsReader(nodes).facts(root);
        if (!nodes.problems().isEmpty()) {
            throw new PolicyRejectedException(nodes.problems());
        }
        return facts;
    }

    FactsSnapshot facts(Node node) {
        Map<String, Node> top = yaml.mapping(
                node,
                "facts",
                Set.of("uscc", "profiles", "filings", "certificates", "ratings", "listings", "deregistrations"),
                Set.of());
        List<ProfileFact> profiles = new ArrayList<>();
        for (Node item : yaml.list(top.get("profiles"), "profiles")) {
            Map<String, Node> p = yaml.mapping(
                    item,
                    "a profile",
                    Set.of("asOf", "name", "region", "industry", "sizeClass", "establishedOn", "source"),
                    Set.of("region", "industry", "sizeClass"));
            LocalDate asOf = p.containsKey("asOf") ? yaml.date(p.get("asOf"), "asOf") : ALWAYS;
            profiles.add(new ProfileFact(
                    asOf == null ? ALWAYS : asOf,
                    yaml.string(p.get("name"), "name"),
                    yaml.string(p.get("region"), "region"),
                    yaml.string(p.get("industry"), "industry"),
                    yaml.string(p.get("sizeClass"), "sizeClass"),
                    yaml.date(p.get("establishedOn"), "establishedOn"),
                    source(p.get("source"))));
        }
        List<FilingFact> filings = new ArrayList<>();
        for (Node item : yaml.list(top.get("filings"), "filings")) {
            Map<String, Node> f = yaml.mapping(
                    item,
                    "a filing",
                    Set.of(
                            "fiscalYear",
                            "filingId",
                            "amendsFilingId",
                            "filedOn",
                            "revenue",
                            "rdExpense",
                            "taxableIncome",
                            "employees",
                            "source"),
                    Set.of("fiscalYear"));
            Integer year = yaml.integer(f.get("fiscalYear"), "fiscalYear");
            if (year == null) {
                continue;
            }
            String filingId = f.containsKey("filingId") ? yaml.string(f.get("filingId"), "filingId") : "FY" + year;
            LocalDate filedOn =
                    f.containsKey("filedOn") ? yaml.date(f.get("filedOn"), "filedOn") : LocalDate.of(year + 1, 5, 31);
            filings.add(new FilingFact(
                    year,
                    filingId,
                    yaml.string(f.get("amendsFilingId"), "amendsFilingId"),
                    filedOn,
                    yaml.money(f.get("revenue"), "revenue"),
                    yaml.money(f.get("rdExpense"), "rdExpense"),
                    yaml.money(f.get("taxableIncome"), "taxableIncome"),
                    yaml.integer(f.get("employees"), "employees"),
                    source(f.get("source"))));
        }
        List<CertificateFact> certificates = new ArrayList<>();
        for (Node item : yaml.list(top.get("certificates"), "certificates")) {
            Map<String, Node> c = yaml.mapping(
                    item,
                    "a certificate",
                    Set.of("kind", "certificateNo", "issuedOn", "validUntil", "revokedOn", "source", "revokedBy"),
                    Set.of("kind", "issuedOn", "validUntil"));
            LocalDate issuedOn = yaml.date(c.get("issuedOn"), "issuedOn");
            LocalDate validUntil = yaml.date(c.get("validUntil"), "validUntil");
            String kind = yaml.string(c.get("kind"), "kind");
            if (issuedOn == null || validUntil == null || kind == null) {
                continue;
            }
            String number = c.containsKey("certificateNo")
                    ? yaml.string(c.get("certificateNo"), "certificateNo")
                    : kind + "-" + issuedOn;
            certificates.add(new CertificateFact(
                    kind,
                    number,
                    issuedOn,
                    validUntil,
                    yaml.date(c.get("revokedOn"), "revokedOn"),
                    source(c.get("source")),
                    source(c.get("revokedBy"))));
        }
        List<RatingFact> ratings = new ArrayList<>();
        for (Node item : yaml.list(top.get("ratings"), "ratings")) {
            Map<String, Node> r =
                    yaml.mapping(item, "a rating", Set.of("year", "rating", "source"), Set.of("year", "rating"));
            Integer year = yaml.integer(r.get("year"), "year");
            if (year != null) {
                ratings.add(new RatingFact(year, yaml.string(r.get("rating"), "rating"), source(r.get("source"))));
            }
        }
        List<ListingFact> listings = new ArrayList<>();
        for (Node item : yaml.list(top.get("listings"), "listings")) {
            Map<String, Node> l =
                    yaml.mapping(item, "a listing", Set.of("listedOn", "delistedOn", "source"), Set.of("listedOn"));
            LocalDate listedOn = yaml.date(l.get("listedOn"), "listedOn");
            if (listedOn != null) {
                listings.add(new ListingFact(
                        listedOn, yaml.date(l.get("delistedOn"), "delistedOn"), source(l.get("source"))));
            }
        }
        List<DeregistrationFact> deregistrations = new ArrayList<>();
        for (Node item : yaml.list(top.get("deregistrations"), "deregistrations")) {
            Map<String, Node> d = yaml.mapping(
                    item, "a deregistration", Set.of("deregisteredOn", "source"), Set.of("deregisteredOn"));
            LocalDate on = yaml.date(d.get("deregisteredOn"), "deregisteredOn");
            if (on != null) {
                deregistrations.add(new DeregistrationFact(on, source(d.get("source"))));
            }
        }
        String uscc = yaml.string(top.get("uscc"), "uscc");
        return new FactsSnapshot(uscc, profiles, filings, certificates, ratings, listings, deregistrations);
    }

    private SourceRef source(Node node) {
        if (node == null) {
            return null;
        }
        Map<String, Node> s = yaml.mapping(node, "source", Set.of("source", "id"), Set.of("source", "id"));
        return new SourceRef(yaml.string(s.get("source"), "source"), yaml.string(s.get("id"), "id"));
    }
}
