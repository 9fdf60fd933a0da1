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
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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
    private final NamedParameterJdbcTemplate named;

    FactStore(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /**
     * Stores the facts accepted events carry, one batched statement per kind of fact. A repeat of an
     * event (source, id) adds nothing.
     *
     * @return for each event, in order, the kind of fact it changed
     */
    public List<FactGroup> applyAll(List<FactEvent> events, List<FactData> data) {
        Map<String, List<Map<String, Object>>> rowsBySql = new LinkedHashMap<>();
        List<FactGroup> groups = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Row row = row(events.get(i), data.get(i));
            rowsBySql.computeIfAbsent(row.sql(), sql -> new ArrayList<>()).add(row.params());
            groups.add(row.group());
        }
        rowsBySql.forEach((sql, rows) -> named.batchUpdate(
                sql + " ON CONFLICT (event_source, event_id) DO NOTHING",
                rows.stream().map(MapSqlParameterSource::new).toArray(SqlParameterSource[]::new)));
        return groups;
    }

    private record Row(FactGroup group, String sql, Map<String, Object> params) {}

    private static Row row(FactEvent event, FactData data) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("source", event.source());
        params.put("id", event.id());
        params.put("uscc", event.uscc());
        params.put("time", Timestamp.from(event.occurredAt().toInstant()));
        if (data instanceof FactData.Profile profile) {
            params.put("asOf", event.occurredAt().atZoneSameInstant(CHINA).toLocalDate());
            params.put("name", profile.name());
            params.put("region", profile.region());
            params.put("industry", profile.industry());
            params.put("sizeClass", profile.sizeClass());
            params.put("establishedOn", profile.establishedOn());
            params.put("contact", profile.contact());
            return new Row(FactGroup.PROFILE, """
                    INSERT INTO enterprise_profile (event_source, event_id, uscc, as_of, event_time, name, region, industry,
                                                    size_class, established_on, contact)
                    VALUES (:source, :id, :uscc, :asOf, :time, :name, :region, :industry, :sizeClass, :establishedOn,
                            CAST(:contact AS jsonb))""", params);
        }
        if (data instanceof FactData.Deregistered deregistered) {
            params.put("on", deregistered.deregisteredOn());
            return new Row(FactGroup.DEREGISTRATIONS, """
                    INSERT INTO deregistration (event_source, event_id, uscc, deregistered_on, event_time)
                    VALUES (:source, :id, :uscc, :on, :time)""", params);
        }
        if (data instanceof FactData.CreditListed listed) {
            params.put("listedOn", listed.listedOn());
            params.put("delistedOn", listed.delistedOn());
            return new Row(FactGroup.LISTINGS, """
                    INSERT INTO dishonesty_listing (event_source, event_id, uscc, listed_on, delisted_on, event_time)
                    VALUES (:source, :id, :uscc, :listedOn, :delistedOn, :time)""", params);
        }
        if (data instanceof FactData.AnnualFiling filing) {
            params.put("year", filing.fiscalYear());
            params.put("filingId", filing.filingId());
            params.put("amends", filing.amendsFilingId());
            params.put("filedOn", filing.filedOn());
            params.put("revenue", filing.revenue());
            params.put("rd", filing.rdExpense());
            params.put("taxable", filing.taxableIncome());
            params.put("employees", filing.employees());
            return new Row(FactGroup.FILINGS, """
                    INSERT INTO tax_filing (event_source, event_id, uscc, fiscal_year, filing_id, amends_filing_id, filed_on,
                                            revenue, rd_expense, taxable_income, employees, event_time)
                    VALUES (:source, :id, :uscc, :year, :filingId, :amends, :filedOn, :revenue, :rd, :taxable, :employees, :time)""", params);
        }
        if (data instanceof FactData.CreditRating rating) {
            params.put("year", rating.year());
            params.put("rating", rating.rating());
            return new Row(FactGroup.RATINGS, """
                    INSERT INTO credit_rating (event_source, event_id, uscc, year, rating, event_time)
                    VALUES (:source, :id, :uscc, :year, :rating, :time)""", params);
        }
        if (data instanceof FactData.CertificationGranted granted) {
            params.put("kind", granted.kind());
            params.put("number", granted.certificateNo());
            params.put("issuedOn", granted.issuedOn());
            params.put("validUntil", granted.validUntil());
            return new Row(FactGroup.CERTIFICATES, """
                    INSERT INTO certificate_grant (event_source, event_id, uscc, kind, certificate_no, issued_on, valid_until, event_time)
                    VALUES (:source, :id, :uscc, :kind, :number, :issuedOn, :validUntil, :time)""", params);
        }
        FactData.CertificationRevoked revoked = (FactData.CertificationRevoked) data;
        params.put("kind", revoked.kind());
        params.put("number", revoked.certificateNo());
        params.put("revokedOn", revoked.revokedOn());
        params.put("reason", revoked.reason());
        return new Row(FactGroup.CERTIFICATES, """
                INSERT INTO certificate_revocation (event_source, event_id, uscc, kind, certificate_no, revoked_on, reason, event_time)
                VALUES (:source, :id, :uscc, :kind, :number, :revokedOn, :reason, :time)""", params);
    }

    /**
     * Holds the enterprises' locks until the transaction ends (PostgreSQL advisory locks), taken in
     * USCC order so that two transactions locking overlapping sets never wait on each other in a cycle.
     */
    public void lockEnterprises(Collection<String> usccs) {
        String[] sorted = usccs.stream().sorted().distinct().toArray(String[]::new);
        jdbc.sql(
                        "SELECT pg_advisory_xact_lock(hashtext(u)) FROM unnest(CAST(? AS text[])) WITH ORDINALITY AS t(u, n) ORDER BY n")
                .param(sorted)
                .query((rs, n) -> 1)
                .list();
    }

    /** Everything known about {@code uscc}, resolved as policies.md defines. */
    public FactsSnapshot snapshot(String uscc) {
        return snapshots(List.of(uscc)).get(uscc);
    }

    /**
     * Everything known about each of {@code usccs}, read with one query per kind of fact.
     *
     * @return a snapshot for every USCC asked for (empty for an enterprise without facts)
     */
    public Map<String, FactsSnapshot> snapshots(Collection<String> usccs) {
        String[] keys = usccs.stream().distinct().toArray(String[]::new);
        Map<String, List<ProfileFact>> profiles = byUscc(jdbc.sql("""
                        SELECT * FROM enterprise_profile WHERE uscc = ANY(?) ORDER BY event_time, event_source, event_id""")
                .param(keys)
                .query((rs, n) -> Map.entry(
                        rs.getString("uscc"),
                        new ProfileFact(
                                rs.getObject("as_of", LocalDate.class),
                                rs.getString("name"),
                                rs.getString("region"),
                                rs.getString("industry"),
                                rs.getString("size_class"),
                                rs.getObject("established_on", LocalDate.class),
                                source(rs.getString("event_source"), rs.getString("event_id")))))
                .list());
        Map<String, List<FilingFact>> filings = byUscc(jdbc.sql("""
                        SELECT * FROM tax_filing WHERE uscc = ANY(?) ORDER BY event_time, event_source, event_id""")
                .param(keys)
                .query((rs, n) -> Map.entry(
                        rs.getString("uscc"),
                        new FilingFact(
                                rs.getInt("fiscal_year"),
                                rs.getString("filing_id"),
                                rs.getString("amends_filing_id"),
                                rs.getObject("filed_on", LocalDate.class),
                                rs.getBigDecimal("revenue"),
                                rs.getBigDecimal("rd_expense"),
                                rs.getBigDecimal("taxable_income"),
                                rs.getInt("employees"),
                                source(rs.getString("event_source"), rs.getString("event_id")))))
                .list());
        Map<String, List<RatingFact>> ratings = byUscc(jdbc.sql("""
                        SELECT * FROM credit_rating WHERE uscc = ANY(?) ORDER BY event_time, event_source, event_id""")
                .param(keys)
                .query((rs, n) -> Map.entry(
                        rs.getString("uscc"),
                        new RatingFact(
                                rs.getInt("year"),
                                rs.getString("rating"),
                                source(rs.getString("event_source"), rs.getString("event_id")))))
                .list());
        Map<String, List<DeregistrationFact>> deregistrations = byUscc(jdbc.sql("""
                        SELECT * FROM deregistration WHERE uscc = ANY(?) ORDER BY deregistered_on, event_source, event_id""")
                .param(keys)
                .query((rs, n) -> Map.entry(
                        rs.getString("uscc"),
                        new DeregistrationFact(
                                rs.getObject("deregistered_on", LocalDate.class),
                                source(rs.getString("event_source"), rs.getString("event_id")))))
                .list());
        Map<String, List<CertificateFact>> certificates = certificates(keys);
        Map<String, List<ListingFact>> listings = listings(keys);
        Map<String, FactsSnapshot> snapshots = new LinkedHashMap<>();
        for (String uscc : keys) {
            snapshots.put(
                    uscc,
                    new FactsSnapshot(
                            uscc,
                            profiles.getOrDefault(uscc, List.of()),
                            latestPerKey(filings.getOrDefault(uscc, List.of()), FilingFact::filingId),
                            certificates.getOrDefault(uscc, List.of()),
                            ratings.getOrDefault(uscc, List.of()),
                            listings.getOrDefault(uscc, List.of()),
                            deregistrations.getOrDefault(uscc, List.of())));
        }
        return snapshots;
    }

    /** Every enterprise with any fact, for backfills. */
    public List<String> enterprises() {
        return jdbc.sql("""
                SELECT uscc FROM enterprise_profile UNION SELECT uscc FROM tax_filing UNION SELECT uscc FROM certificate_grant
                UNION SELECT uscc FROM credit_rating UNION SELECT uscc FROM dishonesty_listing UNION SELECT uscc FROM deregistration
                ORDER BY 1""").query(String.class).list();
    }

    private Map<String, List<CertificateFact>> certificates(String[] keys) {
        record Grant(String kind, String number, LocalDate issuedOn, LocalDate validUntil, SourceRef source) {}
        record Revocation(String kind, String number, LocalDate revokedOn, SourceRef source) {}
        Map<String, List<Grant>> grants = byUscc(jdbc.sql("""
                        SELECT * FROM certificate_grant WHERE uscc = ANY(?) ORDER BY event_time, event_source, event_id""")
                .param(keys)
                .query((rs, n) -> Map.entry(
                        rs.getString("uscc"),
                        new Grant(
                                rs.getString("kind"),
                                rs.getString("certificate_no"),
                                rs.getObject("issued_on", LocalDate.class),
                                rs.getObject("valid_until", LocalDate.class),
                                source(rs.getString("event_source"), rs.getString("event_id")))))
                .list());
        Map<String, List<Revocation>> revocations = byUscc(jdbc.sql("""
                        SELECT * FROM certificate_revocation WHERE uscc = ANY(?) ORDER BY revoked_on, event_source, event_id""")
                .param(keys)
                .query((rs, n) -> Map.entry(
                        rs.getString("uscc"),
                        new Revocation(
                                rs.getString("kind"),
                                rs.getString("certificate_no"),
                                rs.getObject("revoked_on", LocalDate.class),
                                source(rs.getString("event_source"), rs.getString("event_id")))))
                .list());
        Map<String, List<CertificateFact>> certificates = new HashMap<>();
        grants.forEach((uscc, ofEnterprise) -> {
            List<Revocation> revoked = revocations.getOrDefault(uscc, List.of());
            List<CertificateFact> result = new ArrayList<>();
            for (Grant grant : latestPerKey(ofEnterprise, g -> g.kind() + "/" + g.number())) {
                // the earliest revocation of a certificate is the one that takes effect
                Optional<Revocation> revocation = revoked.stream()
                        .filter(r -> r.kind().equals(grant.kind()) && r.number().equals(grant.number()))
                        .findFirst();
                result.add(new CertificateFact(
                        grant.kind(),
                        grant.number(),
                        grant.issuedOn(),
                        grant.validUntil(),
                        revocation.map(Revocation::revokedOn).orElse(null),
                        grant.source(),
                        revocation.map(Revocation::source).orElse(null)));
            }
            certificates.put(uscc, result);
        });
        return certificates;
    }

    /** One listing per listedOn; it ends on the delistedOn of the latest event that gives one. */
    private Map<String, List<ListingFact>> listings(String[] keys) {
        Map<String, Map<LocalDate, ListingFact>> byStart = new HashMap<>();
        jdbc.sql(
                        "SELECT * FROM dishonesty_listing WHERE uscc = ANY(?) ORDER BY listed_on, event_time, event_source, event_id")
                .param(keys)
                .query((rs, n) -> Map.entry(
                        rs.getString("uscc"),
                        new ListingFact(
                                rs.getObject("listed_on", LocalDate.class),
                                rs.getObject("delisted_on", LocalDate.class),
                                source(rs.getString("event_source"), rs.getString("event_id")))))
                .list()
                .forEach(row -> byStart.computeIfAbsent(row.getKey(), u -> new LinkedHashMap<>())
                        .merge(
                                row.getValue().listedOn(),
                                row.getValue(),
                                (earlier, later) -> later.delistedOn() != null ? later : earlier));
        Map<String, List<ListingFact>> listings = new HashMap<>();
        byStart.forEach((uscc, starts) -> listings.put(uscc, List.copyOf(starts.values())));
        return listings;
    }

    /** Rows keyed by USCC into lists per USCC, keeping their order. */
    private static <T> Map<String, List<T>> byUscc(List<Map.Entry<String, T>> rows) {
        Map<String, List<T>> grouped = new HashMap<>();
        rows.forEach(row ->
                grouped.computeIfAbsent(row.getKey(), u -> new ArrayList<>()).add(row.getValue()));
        return grouped;
    }

    /** Of rows sharing a key, the last in event-time order (a re-sent fact replaces its earlier copy). */
    private static <T> List<T> latestPerKey(List<T> rows, java.util.function.Function<T, String> key) {
        Map<String, T> latest = new LinkedHashMap<>();
        rows.forEach(row -> latest.put(key.apply(row), row));
        return List.copyOf(latest.values());
    }

    private static SourceRef source(String source, String id) {
        return new SourceRef(source, id);
    }
}
