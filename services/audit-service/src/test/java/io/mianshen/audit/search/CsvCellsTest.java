package io.mianshen.audit.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a spreadsheet makes of the export's cells: no formula runs, and identifiers stay text. */
class CsvCellsTest {

    @Test
    void aCellThatASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertThat(AuditSearch.csv("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AuditSearch.csv("+1+cmd")).isEqualTo("'+1+cmd");
        assertThat(AuditSearch.csv("-2+3")).isEqualTo("'-2+3");
        assertThat(AuditSearch.csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditSearch.csv("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(AuditSearch.csv("\r=1+1")).isEqualTo("\"'\r=1+1\"");
        // plain numbers, negative ones too, stay numbers
        assertThat(AuditSearch.csv("-150000.00")).isEqualTo("-150000.00");
        assertThat(AuditSearch.csv("济南示例科技有限公司")).isEqualTo("济南示例科技有限公司");
    }

    @Test
    void identifiersOpenAsTextNotAsRoundedNumbers() {
        assertThat(AuditSearch.text("913701000000000017")).isEqualTo("\"=\"\"913701000000000017\"\"\"");
        assertThat(AuditSearch.text("1e10ab")).isEqualTo("\"=\"\"1e10ab\"\"\"");
        assertThat(AuditSearch.text("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"))
                .isEqualTo("\"=\"\"5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9\"\"\"");
        // anything else is an ordinary, guarded cell
        assertThat(AuditSearch.text("=cmd|' /C calc'!A0")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(AuditSearch.text(null)).isEmpty();
    }
}
