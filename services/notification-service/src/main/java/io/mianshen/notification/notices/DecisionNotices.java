package io.mianshen.notification.notices;

import io.mianshen.notification.contacts.Contact;
import io.mianshen.notification.contacts.ContactDirectory;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a decision event into notices, once: the event's (source, id) is recorded and a repeat stops
 * there; one notice per decision and channel (INBOX always, EMAIL and WEBHOOK when the contact directory
 * has an address). The inbox notice is delivered at once; e-mail and webhook notices wait for the
 * delivery worker, so that a slow or failing channel never holds up the others or the partition.
 */
@Service
public class DecisionNotices {

    private static final Logger log = LoggerFactory.getLogger(DecisionNotices.class);
    /** The day a notice is dated, and its objection deadline, are counted in China's time. */
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final NoticeTexts texts;
    private final ContactDirectory contacts;
    private final NoticeStore store;
    private final Clock clock;

    DecisionNotices(JdbcClient jdbc, NoticeTexts texts, ContactDirectory contacts, NoticeStore store, Clock clock) {
        this.jdbc = jdbc;
        this.texts = texts;
        this.contacts = contacts;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Makes the notices of a decision event (already checked against the contract and bound to its record).
     *
     * @return {@code false} when the event was seen before and nothing was done
     */
    @Transactional
    public boolean accept(String source, String id, DecisionEvent event) {
        if (!store.firstTime(source, id)) {
            log.info("decision event source={} id={} seen before; no new notice", source, id);
            return false;
        }
        if (event instanceof DecisionEvent.QueueLeft left && left.granted()) {
            // granted from the queue: the grant's own notice tells it
            return true;
        }
        NoticeKind kind = NoticeKind.of(event);
        String decisionId = event.decisionId();
        String uscc = event.uscc();
        String policyId = event.policyId();
        String period = event.period();
        Optional<Seen> earlier = event instanceof DecisionEvent.Revoked revoked
                ? seen(revoked.revokes())
                : event instanceof DecisionEvent.QueueLeft left ? seen(left.leaves()) : Optional.empty();
        remember(event);
        Instant now = clock.instant();
        LocalDate deadline = now.atZone(CHINA).toLocalDate().plusDays(texts.objectionWindowDays(policyId));
        DecisionEvent.Granted grant = event instanceof DecisionEvent.Granted g
                ? g
                : event instanceof DecisionEvent.Adjusted a ? a.grant() : null;

        Map<String, String> common = new HashMap<>();
        common.put("uscc", uscc);
        common.put("policyId", policyId);
        common.put("decisionId", decisionId);
        common.put("objectionDeadline", deadline.toString());
        String name = grant != null
                ? grant.enterpriseName()
                : event instanceof DecisionEvent.Queued queued ? queued.enterpriseName() : null;
        common.put(
                "enterpriseName",
                Optional.ofNullable(name)
                        .or(() -> earlier.map(Seen::enterpriseName))
                        .orElse(uscc));
        String title = grant != null
                ? grant.policyTitle()
                : event instanceof DecisionEvent.Queued queued ? queued.policyTitle() : null;
        common.put(
                "policyTitle",
                Optional.ofNullable(title)
                        .or(() -> earlier.map(Seen::policyTitle))
                        .orElse(policyId));
        common.put(
                "document",
                Optional.ofNullable(grant)
                        .map(g -> g.legalBasis().document())
                        .or(() -> earlier.map(Seen::document))
                        .orElse("—"));
        common.put(
                "article",
                Optional.ofNullable(grant)
                        .map(g -> g.legalBasis().article())
                        .or(() -> earlier.map(Seen::article))
                        .orElse("—"));
        BigDecimal amount =
                grant != null ? grant.amount() : event instanceof DecisionEvent.Queued queued ? queued.amount() : null;
        BigDecimal recover = event instanceof DecisionEvent.Revoked revoked ? revoked.recoverAmount() : null;
        if (amount != null) {
            common.put("amount", money(amount));
        }
        if (recover != null) {
            common.put("recoverAmount", money(recover));
        }
        String reason = null;
        Bilingual change = null;
        if (event instanceof DecisionEvent.Adjusted adjusted) {
            common.put("previousAmount", money(adjusted.previousAmount()));
            common.put("supersedes", adjusted.supersedes());
            common.put("change", adjusted.reason());
            change = Bilingual.of(adjusted.reason());
        } else if (event instanceof DecisionEvent.Revoked revoked) {
            common.put("revokes", revoked.revokes());
            reason = revoked.reason();
        } else if (event instanceof DecisionEvent.Queued queued) {
            common.put("waitingFor", money(queued.waitingFor()));
            common.put("position", Integer.toString(queued.position()));
            reason = queued.reason();
        } else if (event instanceof DecisionEvent.QueueLeft left) {
            common.put("leaves", left.leaves());
            reason = left.reason();
        }
        String benefitKind = Optional.ofNullable(grant)
                .map(DecisionEvent.Granted::benefitKind)
                .or(() -> earlier.map(Seen::benefitKind))
                .orElse("");

        Map<String, String> zh = new HashMap<>(common);
        zh.put("period", periodZh(period));
        zh.put("nextStep", texts.nextStep(benefitKind, NoticeTexts.Language.ZH));
        Map<String, String> en = new HashMap<>(common);
        en.put("period", periodEn(period));
        en.put("nextStep", texts.nextStep(benefitKind, NoticeTexts.Language.EN));
        if (grant != null) {
            zh.put("reason", Optional.ofNullable(grant.summaryZh()).orElse("经核验，贵单位符合本政策全部条件。"));
            en.put(
                    "reason",
                    Optional.ofNullable(grant.summaryEn())
                            .orElse("Your enterprise meets every condition of the policy."));
        } else {
            Bilingual why = Bilingual.of(reason);
            zh.put("reason", why.zh());
            en.put("reason", why.en());
        }
        if (change != null) {
            zh.put("change", change.zh());
            en.put("change", change.en());
        }
        NoticeTexts.Text textZh = texts.render(kind, NoticeTexts.Language.ZH, zh);
        NoticeTexts.Text textEn = texts.render(kind, NoticeTexts.Language.EN, en);

        List<String> channels = new ArrayList<>(List.of("INBOX"));
        Optional<Contact> contact = contacts.contactOf(uscc);
        contact.map(Contact::email).ifPresent(email -> channels.add("EMAIL"));
        contact.map(Contact::webhookUrl).ifPresent(url -> channels.add("WEBHOOK"));
        for (String channel : channels) {
            store.insert(
                    new NoticeStore.Row(
                            decisionId,
                            uscc,
                            channel,
                            kind,
                            policyId,
                            period,
                            amount,
                            recover,
                            textZh,
                            textEn,
                            deadline,
                            null),
                    now);
        }
        return true;
    }

    private record Seen(
            String enterpriseName, String policyTitle, String document, String article, String benefitKind) {}

    /** Keeps what a later revocation or queue exit of this decision needs to name it (they do not repeat it). */
    private void remember(DecisionEvent event) {
        DecisionEvent.Granted grant = event instanceof DecisionEvent.Granted g
                ? g
                : event instanceof DecisionEvent.Adjusted a ? a.grant() : null;
        if (grant != null) {
            remember(
                    grant.decisionId(),
                    grant.uscc(),
                    grant.enterpriseName(),
                    grant.policyId(),
                    grant.policyTitle(),
                    grant.legalBasis().document(),
                    grant.legalBasis().article(),
                    grant.period(),
                    grant.benefitKind(),
                    grant.amount());
        } else if (event instanceof DecisionEvent.Queued queued) {
            remember(
                    queued.decisionId(),
                    queued.uscc(),
                    queued.enterpriseName(),
                    queued.policyId(),
                    queued.policyTitle(),
                    null,
                    null,
                    queued.period(),
                    null,
                    queued.amount());
        }
    }

    private void remember(
            String decisionId,
            String uscc,
            String name,
            String policyId,
            String title,
            String document,
            String article,
            String period,
            String benefitKind,
            BigDecimal amount) {
        jdbc.sql("""
                        INSERT INTO decision_seen (decision_id, uscc, enterprise_name, policy_id, policy_title, document, article, period,
                                                   benefit_kind, amount)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (decision_id) DO NOTHING""")
                .params(decisionId, uscc, name, policyId, title, document, article, period, benefitKind, amount)
                .update();
    }

    private Optional<Seen> seen(String decisionId) {
        return jdbc.sql("SELECT * FROM decision_seen WHERE decision_id = ?")
                .param(decisionId)
                .query((rs, n) -> new Seen(
                        rs.getString("enterprise_name"),
                        rs.getString("policy_title"),
                        rs.getString("document"),
                        rs.getString("article"),
                        rs.getString("benefit_kind")))
                .optional();
    }

    /** Yuan with thousands separators, exact to the fen: 1234567.8 becomes 1,234,567.80. */
    static String money(BigDecimal amount) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setParseBigDecimal(true);
        return format.format(amount);
    }

    static String periodZh(String period) {
        if (period.startsWith("FY")) {
            return period.substring(2) + " 纳税年度";
        }
        if (period.startsWith("Y")) {
            return period.substring(1) + " 年度";
        }
        return "一次性";
    }

    static String periodEn(String period) {
        if (period.startsWith("FY")) {
            return "fiscal year " + period.substring(2);
        }
        if (period.startsWith("Y")) {
            return "year " + period.substring(1);
        }
        return "one-off";
    }
}
