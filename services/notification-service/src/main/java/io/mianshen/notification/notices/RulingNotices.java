package io.mianshen.notification.notices;

import io.mianshen.notification.contacts.Contact;
import io.mianshen.notification.contacts.ContactDirectory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells a reviewer's ruling on objections during publicity ({@code gov.publicity.ruled.v1}), once per event, in Chinese
 * and English: to the enterprise through its channels (inbox always; e-mail and webhook when on file), and to each
 * public objector who gave an e-mail address, by e-mail to that address. An objector who gave a telephone number is
 * not written to (this build has no SMS channel): the reviewer's case lists the number. An enterprise that objected
 * through its notice is told in its inbox with the enterprise's notice.
 */
@Service
public class RulingNotices {

    private static final Logger log = LoggerFactory.getLogger(RulingNotices.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** An objection the ruling answers. */
    public record Objector(String objectionId, String objectorKind, String name, String contact) {}

    /** A ruling as its event states it. */
    public record Ruling(
            String rulingId,
            String decisionId,
            String uscc,
            String enterpriseName,
            String policyId,
            String period,
            BigDecimal grantedAmount,
            String outcome,
            String correction,
            BigDecimal amount,
            String reasons,
            List<Objector> objections) {}

    private final JdbcClient jdbc;
    private final NoticeTexts texts;
    private final ContactDirectory contacts;
    private final NoticeStore store;
    private final Clock clock;

    RulingNotices(JdbcClient jdbc, NoticeTexts texts, ContactDirectory contacts, NoticeStore store, Clock clock) {
        this.jdbc = jdbc;
        this.texts = texts;
        this.contacts = contacts;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Makes the notices of a ruling event.
     *
     * @return {@code false} when the event was seen before and nothing was done
     */
    @Transactional
    public boolean accept(String source, String id, Ruling ruling) {
        if (!store.firstTime(source, id)) {
            log.info("ruling event source={} id={} seen before; no new notice", source, id);
            return false;
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(DecisionNotices.CHINA).toLocalDate();
        String title = jdbc.sql("SELECT policy_title FROM decision_seen WHERE decision_id = ?")
                .param(ruling.decisionId())
                .query(String.class)
                .optional()
                .orElse(ruling.policyId());
        Map<String, String> common = new HashMap<>();
        common.put("uscc", ruling.uscc());
        common.put(
                "enterpriseName", Optional.ofNullable(ruling.enterpriseName()).orElse(ruling.uscc()));
        common.put("policyId", ruling.policyId());
        common.put("policyTitle", title);
        common.put("decisionId", ruling.decisionId());
        common.put("rulingId", ruling.rulingId());
        common.put("amount", DecisionNotices.money(ruling.grantedAmount()));
        common.put("reasons", ruling.reasons());
        Map<String, String> zh = new HashMap<>(common);
        zh.put("period", DecisionNotices.periodZh(ruling.period()));
        zh.put("outcome", outcomeZh(ruling));
        Map<String, String> en = new HashMap<>(common);
        en.put("period", DecisionNotices.periodEn(ruling.period()));
        en.put("outcome", outcomeEn(ruling));
        zh.put("nextStep", ruling.outcome().equals("REJECTED") ? "原决定维持不变，公示结束后按规定办理。" : "更正后的决定另行通知。");
        en.put(
                "nextStep",
                ruling.outcome().equals("REJECTED")
                        ? "The decision stands and proceeds as the rules provide once publicity ends."
                        : "You are sent the corrected decision in a separate notice.");

        List<String> channels = new ArrayList<>(List.of("INBOX"));
        Optional<Contact> contact = contacts.contactOf(ruling.uscc());
        contact.map(Contact::email).ifPresent(email -> channels.add("EMAIL"));
        contact.map(Contact::webhookUrl).ifPresent(url -> channels.add("WEBHOOK"));
        NoticeTexts.Text enterpriseZh = texts.render(NoticeKind.RULING, NoticeTexts.Language.ZH, zh);
        NoticeTexts.Text enterpriseEn = texts.render(NoticeKind.RULING, NoticeTexts.Language.EN, en);
        for (String channel : channels) {
            insert(ruling.rulingId(), ruling, channel, NoticeKind.RULING, enterpriseZh, enterpriseEn, null, today, now);
        }
        for (Objector objector : ruling.objections()) {
            if (!"PUBLIC".equals(objector.objectorKind())) {
                continue;
            }
            if (objector.contact() == null || !EMAIL.matcher(objector.contact()).matches()) {
                log.info(
                        "ruling {}: objector of objection {} gave a telephone number; the reviewing office tells them (no SMS channel)",
                        ruling.rulingId(),
                        objector.objectionId());
                continue;
            }
            Map<String, String> toObjectorZh = new HashMap<>(zh);
            toObjectorZh.put("objector", objector.name());
            Map<String, String> toObjectorEn = new HashMap<>(en);
            toObjectorEn.put("objector", objector.name());
            // one notice per ruling and objection, under a key of the same form as a decision's
            String key = UUID.nameUUIDFromBytes((ruling.rulingId() + " " + objector.objectionId())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString();
            insert(
                    key,
                    ruling,
                    "EMAIL",
                    NoticeKind.RULING_TO_OBJECTOR,
                    texts.render(NoticeKind.RULING_TO_OBJECTOR, NoticeTexts.Language.ZH, toObjectorZh),
                    texts.render(NoticeKind.RULING_TO_OBJECTOR, NoticeTexts.Language.EN, toObjectorEn),
                    objector.contact(),
                    today,
                    now);
        }
        return true;
    }

    private void insert(
            String key,
            Ruling ruling,
            String channel,
            NoticeKind kind,
            NoticeTexts.Text zh,
            NoticeTexts.Text en,
            String address,
            LocalDate today,
            Instant now) {
        store.insert(
                new NoticeStore.Row(
                        key,
                        ruling.uscc(),
                        channel,
                        kind,
                        ruling.policyId(),
                        ruling.period(),
                        ruling.amount() != null ? ruling.amount() : ruling.grantedAmount(),
                        null,
                        zh,
                        en,
                        today,
                        address),
                now);
    }

    private static String outcomeZh(Ruling ruling) {
        if (ruling.outcome().equals("REJECTED")) {
            return "异议不成立，原决定维持。";
        }
        return "ADJUST".equals(ruling.correction())
                ? "异议成立，补助金额由人民币 " + DecisionNotices.money(ruling.grantedAmount()) + " 元核减为 "
                        + DecisionNotices.money(ruling.amount()) + " 元。"
                : "异议成立，原决定撤销。";
    }

    private static String outcomeEn(Ruling ruling) {
        if (ruling.outcome().equals("REJECTED")) {
            return "the objection is rejected; the decision stands.";
        }
        return "ADJUST".equals(ruling.correction())
                ? "the objection is upheld; the amount is reduced from CNY "
                        + DecisionNotices.money(ruling.grantedAmount()) + " to CNY "
                        + DecisionNotices.money(ruling.amount()) + "."
                : "the objection is upheld; the decision is revoked.";
    }
}
