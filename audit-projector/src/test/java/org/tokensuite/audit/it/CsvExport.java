package org.tokensuite.audit.it;

import java.util.ArrayList;
import java.util.List;

/** Reads an RFC 4180 export as an auditor's tool would: an empty unquoted cell is null, {@code ""} an empty string. */
final class CsvExport {

    private CsvExport() {
    }

    static List<List<String>> rows(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\r') {
                row.add(cell.isEmpty() && !wasQuoted ? null : cell.toString());
                cell.setLength(0);
                wasQuoted = false;
                if (c == '\r') {
                    i++;
                    rows.add(row);
                    row = new ArrayList<>();
                }
            } else {
                cell.append(c);
            }
        }
        return rows;
    }

    /** README's undo rule for formula neutralisation. */
    static String undo(String cell) {
        return cell != null && cell.matches("(?s)'+[=+\\-@\t\r].*") ? cell.substring(1) : cell;
    }
}
