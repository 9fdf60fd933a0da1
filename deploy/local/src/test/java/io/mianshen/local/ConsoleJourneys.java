package io.mianshen.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Each user's main journey through the web console, in a real browser, on the running stack after the demo:
 * the public reads the publicity list in both languages and on a phone; an enterprise reads a grant's notice and
 * objects; a reviewer upholds the objection; the enterprise sees the revocation; an auditor finds the history, sees
 * the totals chart, exports the CSV, verifies the ledger and reads who looked; a policy officer is shown a bad
 * version's problem at its line, publishes a good one and watches its backfill end. Screenshots go to
 * {@code target/console-screenshots}.
 */
final class ConsoleJourneys {

    private static final String GATEWAY = "http://localhost:" + StackPorts.GATEWAY;

    private final StackClient gateway = StackClient.gateway();
    private final Path screenshots = Path.of("target", "console-screenshots");

    /** A grant in publicity, its enterprise, and the notice that told it. */
    record Grant(String decisionId, String uscc, String policyId, String amount, String noticeId) {}

    void thePublicReadsThePublicityListInBothLanguagesAndOnAPhone() throws Exception {
        try (Browser browser = new Browser(GATEWAY, screenshots)) {
            browser.open("/console/publicity");
            assertThat(browser.text("h1")).isEqualTo("公示");
            assertThat(browser.all("#publicity-list tbody tr")).isNotEmpty();
            assertThat(browser.script(
                            "return document.activeElement === document.body || document.activeElement === null"))
                    .isEqualTo(true);
            browser.find("body").sendKeys(org.openqa.selenium.Keys.TAB);
            assertThat(browser.script("return document.activeElement.className"))
                    .as("the first Tab reaches the skip link")
                    .isEqualTo("skip");
            assertThat(browser.script("""
                    return [...document.querySelectorAll('input, select, textarea')]
                        .filter(c => c.type !== 'hidden' && c.labels.length === 0).length""")).as("every field has a label").isEqualTo(0L);
            // by keyboard alone: Tab to the first grant's objection form and open it with Enter
            for (int i = 0; i < 40 && !"SUMMARY".equals(browser.script("return document.activeElement.tagName")); i++) {
                new org.openqa.selenium.interactions.Actions(browser.driver())
                        .sendKeys(org.openqa.selenium.Keys.TAB)
                        .perform();
            }
            assertThat(browser.script("return document.activeElement.tagName")).isEqualTo("SUMMARY");
            new org.openqa.selenium.interactions.Actions(browser.driver())
                    .sendKeys(org.openqa.selenium.Keys.ENTER)
                    .perform();
            assertThat(browser.script("return document.activeElement.parentElement.open"))
                    .as("Enter opened the form")
                    .isEqualTo(true);
            browser.screenshot("publicity-zh");
            assertThat(browser.accessibilityProblems())
                    .as("publicity-zh: labels, keyboard, contrast")
                    .isEmpty();
            browser.find("#lang-switch").click();
            assertThat(browser.text("h1")).isEqualTo("Publicity");
            browser.screenshot("publicity-en");
            assertThat(browser.accessibilityProblems())
                    .as("publicity-en: labels, keyboard, contrast")
                    .isEmpty();
            browser.resize(390, 844);
            browser.open("/console/publicity?lang=zh");
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("nothing wider than a phone's screen")
                    .isEqualTo(true);
            browser.screenshot("publicity-phone");
            assertThat(browser.accessibilityProblems())
                    .as("publicity-phone: labels, keyboard, contrast")
                    .isEmpty();
        }
    }

    /** Picks a grant in publicity (the demo ruled on the list's first two) and finds its enterprise's notice. */
    Grant aGrantInPublicity() {
        JsonNode entries = StackClient.json(gateway.get("/api/publicity", null)).get("entries");
        assertThat(entries.size()).as("grants in publicity after the demo").isGreaterThan(2);
        JsonNode entry = entries.get(entries.size() - 1);
        String uscc = entry.get("uscc").asString();
        String decisionId = entry.get("decisionId").asString();
        JsonNode notice = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            for (JsonNode n : StackClient.json(
                                            gateway.get("/api/notices?size=100", StackClient.TOKENS.enterprise(uscc)))
                                    .get("notices")) {
                                if (n.get("decisionId").asString().equals(decisionId)) {
                                    return n;
                                }
                            }
                            return null;
                        },
                        n -> n != null);
        return new Grant(
                decisionId,
                uscc,
                entry.get("policyId").asString(),
                entry.get("amount").asString(),
                notice.get("noticeId").asString());
    }

    void anEnterpriseReadsItsNoticeAndObjects(Grant grant) throws Exception {
        try (Browser browser = new Browser(GATEWAY, screenshots)) {
            browser.logIn(grant.uscc());
            browser.find("#nav-inbox").click();
            assertThat(browser.text("#unread")).isNotBlank();
            browser.find("a.notice-link[href$='" + grant.noticeId() + "']").click();
            assertThat(browser.text("#notice-title")).isNotBlank();
            assertThat(browser.text("#notice-body"))
                    .contains(grant.amount().replaceAll("(\\d)(?=(\\d{3})+\\.)", "$1,"));
            browser.screenshot("enterprise-notice");
            assertThat(browser.accessibilityProblems())
                    .as("enterprise-notice: labels, keyboard, contrast")
                    .isEmpty();
            browser.find("#objection-text").sendKeys("我司研发费用归集有误，请复核。");
            browser.find("#object").click();
            assertThat(browser.text("#done")).isNotBlank();
            browser.find("#nav-benefits").click();
            assertThat(browser.all("article.benefit")).isNotEmpty();
            browser.screenshot("enterprise-benefits");
            // an enterprise's officer on a phone: the inbox, the notice and the benefits fit its width
            browser.resize(390, 844);
            for (String page :
                    java.util.List.of("/console/inbox", "/console/inbox/" + grant.noticeId(), "/console/benefits")) {
                browser.open(page);
                assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                        .as(page + " on a phone")
                        .isEqualTo(true);
            }
            browser.screenshot("enterprise-benefits-phone");
            assertThat(browser.accessibilityProblems())
                    .as("enterprise-benefits: labels, keyboard, contrast")
                    .isEmpty();
        }
    }

    void aReviewerUpholdsTheObjection(Grant grant) throws Exception {
        try (Browser browser = new Browser(GATEWAY, screenshots)) {
            browser.logIn("reviewer");
            browser.find("#nav-reviews").click();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                browser.refresh();
                assertThat(browser.all("a.case-link[href$='" + grant.decisionId() + "']"))
                        .isNotEmpty();
            });
            browser.screenshot("reviewer-queue");
            assertThat(browser.accessibilityProblems())
                    .as("reviewer-queue: labels, keyboard, contrast")
                    .isEmpty();
            browser.find("a.case-link[href$='" + grant.decisionId() + "']").click();
            assertThat(browser.text("#objections")).contains("我司研发费用归集有误");
            assertThat(browser.all("#clauses li.fact"))
                    .as("the facts the decision read, with their sources")
                    .isNotEmpty();
            new org.openqa.selenium.support.ui.Select(browser.find("#outcome")).selectByValue("UPHELD");
            new org.openqa.selenium.support.ui.Select(browser.find("#correction")).selectByValue("REVOKE");
            browser.find("#reasons").sendKeys("经核查，研发费用归集不实，撤销奖励。");
            browser.find("#rule").click();
            assertThat(browser.text("#done")).isNotBlank();
            browser.screenshot("reviewer-ruling");
            assertThat(browser.accessibilityProblems())
                    .as("reviewer-ruling: labels, keyboard, contrast")
                    .isEmpty();
        }
    }

    void theEnterpriseSeesTheRevocation(Grant grant) throws Exception {
        try (Browser browser = new Browser(GATEWAY, screenshots)) {
            browser.logIn(grant.uscc());
            browser.open("/console/benefits");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                browser.refresh();
                assertThat(browser.page()).contains("撤销").contains("经核查，研发费用归集不实");
            });
            browser.screenshot("enterprise-revoked");
            assertThat(browser.accessibilityProblems())
                    .as("enterprise-revoked: labels, keyboard, contrast")
                    .isEmpty();
        }
    }

    void anAuditorFindsTheHistorySeesTheTotalsExportsAndVerifies(Grant grant) throws Exception {
        try (Browser browser = new Browser(GATEWAY, screenshots)) {
            browser.logIn("auditor");
            browser.open("/console/audit?uscc=" + grant.uscc() + "&policyId=" + grant.policyId());
            assertThat(browser.all("#results tbody tr")).isNotEmpty();
            browser.screenshot("auditor-search");
            assertThat(browser.accessibilityProblems())
                    .as("auditor-search: labels, keyboard, contrast")
                    .isEmpty();
            browser.find("a.history-link").click();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                browser.refresh();
                assertThat(browser.text("#timeline")).contains("gov.publicity.ruled.v1", "gov.benefit.revoked.v1");
            });
            browser.screenshot("auditor-history");
            assertThat(browser.accessibilityProblems())
                    .as("auditor-history: labels, keyboard, contrast")
                    .isEmpty();

            browser.find("#nav-totals").click();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> browser.find("#totals-chart").getAttribute("data-rendered") != null);
            assertThat(Integer.parseInt(browser.find("#totals-chart").getAttribute("data-rendered")))
                    .isPositive();
            assertThat(browser.all("#totals-chart canvas"))
                    .as("ECharts drew the chart")
                    .isNotEmpty();
            browser.screenshot("auditor-totals");
            assertThat(browser.accessibilityProblems())
                    .as("auditor-totals: labels, keyboard, contrast")
                    .isEmpty();

            HttpResponse<String> csv = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(GATEWAY + "/console/audit/export.csv?uscc=" + grant.uscc()))
                                    .header("Cookie", browser.sessionCookie())
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                    .contains("decisions.csv");
            assertThat(csv.body())
                    .startsWith("\uFEFFsequence,decided_at,type,decision_id")
                    .contains(grant.uscc());

            browser.open("/console/audit");
            browser.find("#verify").click();
            assertThat(browser.find("#verification").getAttribute("class")).contains("done");
            browser.open("/console/audit/who-looked");
            assertThat(browser.text("#queries")).contains("auditor", "decisions.csv", "verify", "totals");
            browser.screenshot("auditor-who-looked");
            assertThat(browser.accessibilityProblems())
                    .as("auditor-who-looked: labels, keyboard, contrast")
                    .isEmpty();
        }
    }

    void aPolicyOfficerSeesAProblemAtItsLineThenPublishesAndWatchesTheBackfill() throws Exception {
        String v1 = Files.readString(
                Path.of("../../services/policy-engine/src/main/resources/policies/rd-post-subsidy.v1.yaml"));
        String wrong = v1.replace("version: 1", "version: 2").replace("value: \"0.12\"", "value: \"0.15\"");
        String right = wrong.replace(
                        "{outcome: ELIGIBLE, amount: \"150000.00\"}", "{outcome: ELIGIBLE, amount: \"187500.00\"}")
                .replace("from FY2024 the rate is 12%", "from FY2024 the rate is 15%");
        try (Browser browser = new Browser(GATEWAY, screenshots)) {
            browser.logIn("officer");
            browser.find("#nav-policies").click();
            assertThat(browser.all("#policies tbody tr")).hasSizeGreaterThanOrEqualTo(6);
            browser.find("a.version-link[href$='/policies/rd-post-subsidy/versions/1']")
                    .click();
            assertThat(browser.text("#legal-basis")).contains("鲁科字〔2023〕16号");
            assertThat(browser.all("#examples tbody tr"))
                    .as("the version's embedded examples")
                    .isNotEmpty();
            assertThat(browser.text("#examples")).contains("150000.00");
            browser.open("/console/policies/publish");
            browser.fill("#file", "rd-post-subsidy.v2.yaml");
            browser.fill("#yaml", wrong);
            browser.find("#publish").click();
            assertThat(browser.text("#errors")).contains("amount 187500.00, expected 150000.00");
            assertThat(browser.all("#file-with-problems .bad")).hasSize(1);
            browser.screenshot("officer-problem-at-line");
            assertThat(browser.accessibilityProblems())
                    .as("officer-problem-at-line: labels, keyboard, contrast")
                    .isEmpty();
            browser.fill("#yaml", right);
            browser.find("#publish").click();
            // htmx replaces the progress every second: read it in one script call, never through an element that
            // the next swap may have taken away
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() -> assertThat(
                                    browser.script(
                                            "const s = document.getElementById('backfill-state'); return s ? s.textContent : '';"))
                            .asString()
                            .startsWith("已完成"));
            assertThat(browser.script("return document.getElementById('backfill-done').textContent"))
                    .asString()
                    .isNotBlank();
            browser.screenshot("officer-backfill");
            assertThat(browser.accessibilityProblems())
                    .as("officer-backfill: labels, keyboard, contrast")
                    .isEmpty();
        }
    }
}
