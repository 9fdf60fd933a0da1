package io.mianshen.notification.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mianshen.notification.config.NoticeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeTextsTest {

    @Test
    void theBundledTemplatesRenderEveryKindInBothLanguages() {
        NoticeTexts texts = new NoticeTexts(settings(""));
        Map<String, String> values = Map.of(
                "policyTitle",
                "研发投入后补助",
                "amount",
                "150,000.00",
                "recoverAmount",
                "150,000.00",
                "document",
                "鲁科字〔2023〕16号",
                "article",
                "19",
                "period",
                "2023 纳税年度",
                "objectionDeadline",
                "2024-06-04");

        NoticeTexts.Text granted = texts.render(NoticeKind.GRANTED, NoticeTexts.Language.ZH, values);
        assertThat(granted.title()).isEqualTo("【免申即享】研发投入后补助（2023 纳税年度）兑现通知");
        assertThat(granted.body())
                .contains("根据鲁科字〔2023〕16号第19条")
                .contains("人民币 150,000.00 元")
                .contains("2024-06-04");
        assertThat(texts.render(NoticeKind.REVOKED, NoticeTexts.Language.EN, values)
                        .body())
                .contains("Amount to return: CNY 150,000.00");
        assertThat(texts.render(NoticeKind.ADJUSTED, NoticeTexts.Language.EN, values)
                        .title())
                .endsWith("amount adjusted");
        Map<String, String> queued = Map.of(
                "policyTitle",
                "科技创新券",
                "period",
                "2023 年度",
                "amount",
                "50,000.00",
                "waitingFor",
                "20,000.00",
                "position",
                "3");
        assertThat(texts.render(NoticeKind.QUEUED, NoticeTexts.Language.ZH, queued)
                        .body())
                .contains("人民币 20,000.00 元")
                .contains("排第 3 位");
        assertThat(texts.render(NoticeKind.QUEUE_LEFT, NoticeTexts.Language.EN, queued)
                        .title())
                .endsWith("no longer waiting for budget");
    }

    @Test
    void aPolicyOfficeChangesTextsWindowsAndNextStepsInAFolder(@TempDir Path folder) throws IOException {
        copyBundled(folder);
        Files.writeString(folder.resolve("granted.zh.txt"), "{policyTitle} 已兑现\n金额 {amount} 元。");
        Files.writeString(
                folder.resolve("notice.properties"),
                "objection-window.default=15\nobjection-window.rd-post-subsidy=30\n"
                        + "next-step.VOUCHER.zh=创新券已发放。\n");

        NoticeTexts texts = new NoticeTexts(settings(folder.toString()));

        assertThat(texts.render(
                        NoticeKind.GRANTED,
                        NoticeTexts.Language.ZH,
                        Map.of("policyTitle", "创新券", "amount", "30,000.00")))
                .isEqualTo(new NoticeTexts.Text("创新券 已兑现", "金额 30,000.00 元。"));
        assertThat(texts.objectionWindowDays("rd-post-subsidy")).isEqualTo(30);
        assertThat(texts.objectionWindowDays("innovation-voucher")).isEqualTo(15);
        assertThat(texts.nextStep("VOUCHER", NoticeTexts.Language.ZH)).isEqualTo("创新券已发放。");
    }

    @Test
    void aTemplateWithAnUnknownPlaceholderStopsTheServiceNamingTheFile(@TempDir Path folder) throws IOException {
        copyBundled(folder);
        Files.writeString(folder.resolve("revoked.en.txt"), "Revoked\nReturn {recoverAmout} yuan.");

        assertThatThrownBy(() -> new NoticeTexts(settings(folder.toString())))
                .hasMessageContaining("revoked.en.txt: unknown placeholder {recoverAmout}");
    }

    @Test
    void moneyIsShownExactlyWithThousandsSeparators() {
        assertThat(DecisionNotices.money(new java.math.BigDecimal("1234567.8"))).isEqualTo("1,234,567.80");
        assertThat(DecisionNotices.money(new java.math.BigDecimal("0.05"))).isEqualTo("0.05");
        assertThat(DecisionNotices.periodZh("FY2023")).isEqualTo("2023 纳税年度");
        assertThat(DecisionNotices.periodEn("Y2024")).isEqualTo("year 2024");
        assertThat(DecisionNotices.periodEn("ONCE")).isEqualTo("one-off");
    }

    private static void copyBundled(Path folder) throws IOException {
        List<String> names = new java.util.ArrayList<>(List.of("notice.properties"));
        for (NoticeKind kind : NoticeKind.values()) {
            names.add(kind.template() + ".zh.txt");
            names.add(kind.template() + ".en.txt");
        }
        for (String name : names) {
            try (InputStream in =
                    NoticeTextsTest.class.getClassLoader().getResourceAsStream("notice-templates/" + name)) {
                Files.write(folder.resolve(name), in.readAllBytes());
            }
        }
    }

    private static NoticeSettings settings(String directory) {
        return new NoticeSettings(
                directory,
                "noreply@mianshen.gov.cn",
                8,
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                Duration.ofMillis(250),
                false,
                false,
                8,
                Duration.ofMinutes(2));
    }
}
