package io.mianshen.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The contract refuses what the services cannot hold, at the edge and one step beyond it. */
class ContractLimitsTest {

    private static final EventContract CONTRACT = EventContract.load();

    @Test
    void moneyUpToWhatNumeric18Comma2HoldsIsAcceptedAndOneFenMoreIsMoneyMaximum() {
        assertThat(rulesOfFiling("revenue", "9999999999999999.99")).isEmpty();
        assertThat(rulesOfFiling("taxableIncome", "-9999999999999999.99")).isEmpty();
        assertThat(rulesOfFiling("revenue", "10000000000000000.00")).containsExactly("money-maximum");
        assertThat(rulesOfFiling("taxableIncome", "-10000000000000000")).containsExactly("money-maximum");
        assertThat(rulesOfFiling("rdExpense", "-1.00")).containsExactly("money");
    }

    @Test
    void countsStayWithinAJavaInt() {
        ObjectNode filing = filing();
        ((ObjectNode) filing.get("data")).put("employees", 2147483647L);
        assertThat(rules(filing)).isEmpty();
        ((ObjectNode) filing.get("data")).put("employees", 2147483648L);
        assertThat(rules(filing)).containsExactly("maximum");
        ((ObjectNode) filing.get("data")).put("employees", new java.math.BigInteger("1" + "0".repeat(40)));
        assertThat(rules(filing)).containsExactly("maximum");
    }

    @Test
    void timesAreThoseTheJdkReads() {
        for (String good : List.of(
                "2024-05-20T14:12:00+08:00",
                "2024-05-20T06:12:00Z",
                "2024-05-20T06:12:00.123456789Z",
                "2024-02-29T00:00:00Z")) {
            assertThat(ContractTimes.isDateTime(good)).as(good).isTrue();
        }
        for (String bad : List.of(
                "2016-12-31T23:59:60Z",
                "2024-02-30T00:00:00Z",
                "2024-05-20T14:12+08:00",
                "2024-05-20T14:12:00",
                "2024-05-20T14:12:00.1234567891Z",
                "0000-01-01T00:00:00Z",
                "2024-05-20T14:12:00+25:00",
                "+12024-05-20T14:12:00Z")) {
            assertThat(ContractTimes.isDateTime(bad)).as(bad).isFalse();
        }
        assertThat(ContractTimes.isDate("2024-02-29")).isTrue();
        assertThat(ContractTimes.isDate("2023-02-29")).isFalse();
        assertThat(ContractTimes.isDate("0999-12-31")).isFalse();
    }

    @Test
    void textCarriesNoControlCharactersButFreeTextMayBreakLines() {
        ObjectNode objection = (ObjectNode)
                ContractExamples.valid("gov.notice.objection-raised.v1").deepCopy();
        ((ObjectNode) objection.get("data")).put("text", "金额有误\n请复核\t谢谢");
        assertThat(rules(objection)).isEmpty();
        ((ObjectNode) objection.get("data")).put("text", "金额有误\u001b[31m");
        assertThat(rules(objection)).containsExactly("control-characters");

        ObjectNode registered = (ObjectNode)
                ContractExamples.valid("gov.enterprise.registered.v1").deepCopy();
        ((ObjectNode) registered.get("data")).put("name", "济南示例科技😀有限公司");
        assertThat(rules(registered)).isEmpty();
        ((ObjectNode) registered.get("data")).put("name", "济南示例\n科技有限公司");
        assertThat(rules(registered)).containsExactly("control-characters");
        ((ObjectNode) registered.get("data")).put("name", "济南示例\ud800科技有限公司");
        assertThat(rules(registered)).containsExactly("control-characters");
        ((ObjectNode) registered.get("data")).put("name", "济南示例科技有限公司");
        registered.put("id", "reg\u0000-1");
        assertThat(CONTRACT.validateEvent(registered, "enterprise.registry.v1", null))
                .singleElement()
                .satisfies(v -> assertThat(v.pointer()).isEqualTo("/id"));
    }

    private static List<String> rulesOfFiling(String field, String amount) {
        ObjectNode filing = filing();
        ((ObjectNode) filing.get("data")).put(field, amount);
        return rules(filing);
    }

    private static ObjectNode filing() {
        return (ObjectNode) ContractExamples.valid("gov.tax.annual-filing.v1").deepCopy();
    }

    private static List<String> rules(ObjectNode event) {
        return CONTRACT.validateEvent(event, null, null).stream()
                .map(Violation::rule)
                .toList();
    }
}
