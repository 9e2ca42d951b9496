package org.tokensuite.audit.web;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.tokensuite.audit.projection.AuditEntry;
import org.tokensuite.audit.chain.EventPayloads;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRowTest {

    /** The undo rule README gives auditors. */
    static String undo(String cell) {
        return cell.matches("(?s)'+[=+\\-@\t\r].*") ? cell.substring(1) : cell;
    }

    @Test
    void formulaStartsGetOneLeadingQuoteAndOtherValuesStayVerbatim() {
        assertThat(CsvRow.neutralised("=HYPERLINK(\"http://evil.example/\")")).isEqualTo("'=HYPERLINK(\"http://evil.example/\")");
        assertThat(CsvRow.neutralised("-1+2")).isEqualTo("'-1+2");
        assertThat(CsvRow.neutralised("+1")).isEqualTo("'+1");
        assertThat(CsvRow.neutralised("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvRow.neutralised("\tx")).isEqualTo("'\tx");
        assertThat(CsvRow.neutralised("\rx")).isEqualTo("'\rx");
        assertThat(CsvRow.neutralised("'=x")).as("already quoted: one more, so the undo is exact").isEqualTo("''=x");
        assertThat(CsvRow.neutralised("'plain")).isEqualTo("'plain");
        assertThat(CsvRow.neutralised("leaked")).isEqualTo("leaked");
        assertThat(CsvRow.neutralised("a=b")).isEqualTo("a=b");
        assertThat(CsvRow.neutralised("")).isEqualTo("");
    }

    @Property(tries = 300)
    void undoingTheNeutralisationGivesBackEveryValueExactly(
            @ForAll @StringLength(max = 6) @Chars({'\'', '=', '+', '-', '@', '\t', '\r', 'a', ' '}) String mixed,
            @ForAll @StringLength(max = 20) @CharRange(from = 0, to = 0xFFFF) String any) {
        assertThat(undo(CsvRow.neutralised(mixed))).isEqualTo(mixed);
        assertThat(undo(CsvRow.neutralised(any))).isEqualTo(any);
        assertThat(undo(CsvRow.neutralised(mixed + any))).isEqualTo(mixed + any);
    }

    @Test
    void aRowQuotesNeutralisedCellsAsCsvAndTellsNullFromEmpty() {
        AuditEntry entry = new AuditEntry(7, "evt", "TokenRevoked", null, "alice",
                new AuditEntry.Actor("system:hr", ""), new AuditEntry.Cause("=HYPERLINK(\"http://evil.example/\")", "-1+2"),
                "2025-01-01T00:00:00.000000Z", "2025-01-01T00:00:01.000000Z", EventPayloads.parse("{\"a\":1}"),
                "0".repeat(64), "1".repeat(64));

        assertThat(CsvRow.of(entry)).isEqualTo("7,evt,TokenRevoked,,alice,system:hr,\"\","
                + "\"'=HYPERLINK(\"\"http://evil.example/\"\")\",'-1+2,2025-01-01T00:00:00.000000Z,"
                + "2025-01-01T00:00:01.000000Z,\"{\"\"a\"\":1}\"," + "0".repeat(64) + "," + "1".repeat(64) + "\r\n");
    }
}
