package io.mianshen.eligibility.facts;

import io.mianshen.policy.FactGroup;
import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.DeregistrationFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.ListingFact;
import io.mianshen.policy.facts.ProfileFact;
import io.mianshen.policy.facts.RatingFact;
import io.mianshen.policy.facts.SourceRef;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enterprise facts in typed tables, one row per event, and the snapshot the policy engine reads.
 * Rows are only ever added; the snapshot resolves them by the facts' own dates and event times, so the
 * same events in any order give the same snapshot.
 */
@Repository
public class FactStore {

    /** The zone in which an event's time becomes the date a profile holds from. */
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;

    FactStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the fact an accepted event carries.
     *
     * @return the kind of fact it changed
     */
    public FactGroup apply(FactEvent event, JsonNode data) {
        String sql;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("source", event.source());
        params.put("id", event.id());
        params.put("uscc", event.uscc());
        params.put("time", Timestamp.from(event.occurredAt().toInstant()));
        FactGroup group;
        switch (event.type()) {
            case "gov.enterprise.registered.v1", "gov.enterprise.changed.v1" -> {
                group = FactGroup.PROFILE;
                sql = """
                        INSERT INTO enterprise_profile (event_source, event_id, uscc, as_of, event_time, name, region, industry,
                                                        size_class, established_on, contact)
                        VALUES (:source, :id, :uscc, :asOf, :time, :name, :region, :industry, :sizeClass, :establishedOn,
                                CAST(:contact AS jsonb))""";
                params.put("asOf", event.occurredAt().atZoneSameInstant(CHINA).toLocalDate());
                params.put("name", data.get("name").asString());
                params.put("region", data.get("region").asString());
                params.put("industry", data.get("industry").asString());
                params.put("sizeClass", data.get("sizeClass").asString());
                params.put("establishedOn", LocalDate.parse(data.get("establishedOn").asString()));
                params.put("contact", data.has("contact") ? data.get("contact").toString() : null);
            }
            case "gov.enterprise.deregistered.v1" -> {
                group = FactGroup.DEREGISTRATIONS;
                sql = """
                        INSERT INTO deregistration (event_source, event_id, uscc, deregistered_on, event_time)
                        VALUES (:source, :id, :uscc, :on, :time)""";
                params.put("on", LocalDate.parse(data.get("deregisteredOn").asString()));
            }
            case "gov.enterprise.credit-listed.v1" -> {
                group = FactGroup.LISTINGS;
                sql = """
                        INSERT INTO dishonesty_listing (event_source, event_id, uscc, listed_on, delisted_on, event_time)
                        VALUES (:source, :id, :uscc, :listedOn, :delistedOn, :time)""";
                params.put("listedOn", LocalDate.parse(data.get("listedOn").asString()));
                params.put("delistedOn", date(data, "delistedOn"));
            }
            case "gov.tax.annual-filing.v1" -> {
                group = FactGroup.FILINGS;
                sql = """
                        INSERT INTO tax_filing (event_source, event_id, uscc, fiscal_year, filing_id, amends_filing_id, filed_on,
                                                revenue, rd_expense, taxable_income, employees, event_time)
                        VALUES (:source, :id, :uscc, :year, :filingId, :amends, :filedOn, :revenue, :rd, :taxable, :employees, :time)""";
                params.put("year", data.get("fiscalYear").asInt());
                params.put("filingId", data.get("filingId").asString());
                params.put("amends", data.hasNonNull("amendsFilingId") ? data.get("amendsFilingId").asString() : null);
                params.put("filedOn", LocalDate.parse(data.get("filedOn").asString()));
                params.put("revenue", new BigDecimal(data.get("revenue").asString()));
                params.put("rd", new BigDecimal(data.get("rdExpense").asString()));
                params.put("taxable", new BigDecimal(data.get("taxableIncome").asString()));
                params.put("employees", data.get("employees").asInt());
            }
            case "gov.tax.credit-rating.v1" -> {
                group = FactGroup.RATINGS;
                sql = """
                        INSERT INTO credit_rating (event_source, event_id, uscc, year, rating, event_time)
                        VALUES (:source, :id, :uscc, :year, :rating, :time)""";
                params.put("year", data.get("year").asInt());
                params.put("rating", data.get("rating").asString());
            }
            case "gov.sci.certification.granted.v1" -> {
                group = FactGroup.CERTIFICATES;
                sql = """
                        INSERT INTO certificate_grant (event_source, event_id, uscc, kind, certificate_no, issued_on, valid_until, event_time)
                        VALUES (:source, :id, :uscc, :kind, :number, :issuedOn, :validUntil, :time)""";
                params.put("kind", data.get("kind").asString());
                params.put("number", data.get("certificateNo").asString());
                params.put("issuedOn", LocalDate.parse(data.get("issuedOn").asString()));
                params.put("validUntil", LocalDate.parse(data.get("validUntil").asString()));
            }
            case "gov.sci.certification.revoked.v1" -> {
                group = FactGroup.CERTIFICATES;
                sql = """
                        INSERT INTO certificate_revocation (event_source, event_id, uscc, kind, certificate_no, revoked_on, reason, event_time)
                        VALUES (:source, :id, :uscc, :kind, :number, :revokedOn, :reason, :time)""";
                params.put("kind", data.get("kind").asString());
                params.put("number", data.get("certificateNo").asString());
                params.put("revokedOn", LocalDate.parse(data.get("revokedOn").asString()));
                params.put("reason", data.get("reason").asString());
            }
            default -> throw new IllegalArgumentException("not a fact type: " + event.type());
        }
        jdbc.sql(sql + " ON CONFLICT (event_source, event_id) DO NOTHING").params(params).update();
        return group;
    }

    /** Holds the enterprise's lock until the transaction ends (a PostgreSQL advisory lock). */
    public void lockEnterprise(String uscc) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param(uscc).query((rs, n) -> 1).list();
    }

    /** Everything known about {@code uscc}, resolved as policies.md defines. */
    public FactsSnapshot snapshot(String uscc) {
        List<ProfileFact> profiles = jdbc.sql("""
                        SELECT * FROM enterprise_profile WHERE uscc = ? ORDER BY event_time, event_source, event_id""")
                .param(uscc)
                .query((rs, n) -> new ProfileFact(rs.getObject("as_of", LocalDate.class), rs.getString("name"), rs.getString("region"),
                        rs.getString("industry"), rs.getString("size_class"), rs.getObject("established_on", LocalDate.class),
                        source(rs.getString("event_source"), rs.getString("event_id"))))
                .list();
        List<FilingFact> filings = latestPerKey(jdbc.sql("""
                        SELECT * FROM tax_filing WHERE uscc = ? ORDER BY event_time, event_source, event_id""")
                .param(uscc)
                .query((rs, n) -> new FilingFact(rs.getInt("fiscal_year"), rs.getString("filing_id"), rs.getString("amends_filing_id"),
                        rs.getObject("filed_on", LocalDate.class), rs.getBigDecimal("revenue"), rs.getBigDecimal("rd_expense"),
                        rs.getBigDecimal("taxable_income"), rs.getInt("employees"), source(rs.getString("event_source"), rs.getString("event_id"))))
                .list(), FilingFact::filingId);
        List<RatingFact> ratings = jdbc.sql("SELECT * FROM credit_rating WHERE uscc = ? ORDER BY event_time, event_source, event_id")
                .param(uscc)
                .query((rs, n) -> new RatingFact(rs.getInt("year"), rs.getString("rating"), source(rs.getString("event_source"), rs.getString("event_id"))))
                .list();
        List<DeregistrationFact> deregistrations = jdbc.sql("""
                        SELECT * FROM deregistration WHERE uscc = ? ORDER BY deregistered_on, event_source, event_id""")
                .param(uscc)
                .query((rs, n) -> new DeregistrationFact(rs.getObject("deregistered_on", LocalDate.class),
                        source(rs.getString("event_source"), rs.getString("event_id"))))
                .list();
        return new FactsSnapshot(uscc, profiles, filings, certificates(uscc), ratings, listings(uscc), deregistrations);
    }

    /** The enterprise's name from its latest profile, if it has one. */
    public Optional<String> latestName(String uscc) {
        return jdbc.sql("SELECT name FROM enterprise_profile WHERE uscc = ? ORDER BY event_time DESC, event_source DESC, event_id DESC LIMIT 1")
                .param(uscc).query(String.class).optional();
    }

    /** Every enterprise with any fact, for backfills. */
    public List<String> enterprises() {
        return jdbc.sql("""
                SELECT uscc FROM enterprise_profile UNION SELECT uscc FROM tax_filing UNION SELECT uscc FROM certificate_grant
                UNION SELECT uscc FROM credit_rating UNION SELECT uscc FROM dishonesty_listing UNION SELECT uscc FROM deregistration
                ORDER BY 1""").query(String.class).list();
    }

    private List<CertificateFact> certificates(String uscc) {
        record Grant(String kind, String number, LocalDate issuedOn, LocalDate validUntil, SourceRef source) {
        }
        record Revocation(String kind, String number, LocalDate revokedOn, SourceRef source) {
        }
        List<Grant> grants = latestPerKey(jdbc.sql("""
                        SELECT * FROM certificate_grant WHERE uscc = ? ORDER BY event_time, event_source, event_id""")
                .param(uscc)
                .query((rs, n) -> new Grant(rs.getString("kind"), rs.getString("certificate_no"), rs.getObject("issued_on", LocalDate.class),
                        rs.getObject("valid_until", LocalDate.class), source(rs.getString("event_source"), rs.getString("event_id"))))
                .list(), g -> g.kind() + "/" + g.number());
        List<Revocation> revocations = jdbc.sql("""
                        SELECT * FROM certificate_revocation WHERE uscc = ? ORDER BY revoked_on, event_source, event_id""")
                .param(uscc)
                .query((rs, n) -> new Revocation(rs.getString("kind"), rs.getString("certificate_no"), rs.getObject("revoked_on", LocalDate.class),
                        source(rs.getString("event_source"), rs.getString("event_id"))))
                .list();
        List<CertificateFact> certificates = new ArrayList<>();
        for (Grant grant : grants) {
            // the earliest revocation of a certificate is the one that takes effect
            Optional<Revocation> revocation = revocations.stream()
                    .filter(r -> r.kind().equals(grant.kind()) && r.number().equals(grant.number())).findFirst();
            certificates.add(new CertificateFact(grant.kind(), grant.number(), grant.issuedOn(), grant.validUntil(),
                    revocation.map(Revocation::revokedOn).orElse(null), grant.source(), revocation.map(Revocation::source).orElse(null)));
        }
        return certificates;
    }

    /** One listing per listedOn; it ends on the delistedOn of the latest event that gives one. */
    private List<ListingFact> listings(String uscc) {
        record Row(LocalDate listedOn, LocalDate delistedOn, SourceRef source) {
        }
        Map<LocalDate, ListingFact> byStart = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM dishonesty_listing WHERE uscc = ? ORDER BY listed_on, event_time, event_source, event_id")
                .param(uscc)
                .query((rs, n) -> new Row(rs.getObject("listed_on", LocalDate.class), rs.getObject("delisted_on", LocalDate.class),
                        source(rs.getString("event_source"), rs.getString("event_id"))))
                .list()
                .forEach(row -> byStart.merge(row.listedOn(), new ListingFact(row.listedOn(), row.delistedOn(), row.source()),
                        (earlier, later) -> later.delistedOn() != null ? later : earlier));
        return List.copyOf(byStart.values());
    }

    /** Of rows sharing a key, the last in event-time order (a re-sent fact replaces its earlier copy). */
    private static <T> List<T> latestPerKey(List<T> rows, java.util.function.Function<T, String> key) {
        Map<String, T> latest = new LinkedHashMap<>();
        rows.forEach(row -> latest.put(key.apply(row), row));
        return List.copyOf(latest.values());
    }

    private static LocalDate date(JsonNode data, String field) {
        return data.hasNonNull(field) ? LocalDate.parse(data.get(field).asString()) : null;
    }

    private static SourceRef source(String source, String id) {
        return new SourceRef(source, id);
    }

}
