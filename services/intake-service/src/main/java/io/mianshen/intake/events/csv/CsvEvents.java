package io.mianshen.intake.events.csv;

import io.mianshen.contracts.Violation;
import io.mianshen.intake.events.EventIntake;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a CSV export (RFC 4180: a header row, quoted cells may hold commas, quotes and line breaks; UTF-8
 * with or without a byte-order mark, or GBK) as fact events of one type. Columns: {@code time} (required),
 * {@code id} (optional: without it, the id is a hash of the row, so uploading the same file twice publishes
 * each row once), {@code source} (or the {@code source} parameter), and the data fields of the type by name,
 * a nested one with a dot ({@code contact.email}). Cells are typed by the contract's schema; an empty cell is
 * null where the schema allows it and absent otherwise.
 */
public final class CsvEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ENVELOPE = Set.of("id", "source", "time");

    private CsvEvents() {}

    /** The file cannot be read as CSV of this type at all (encoding, header). */
    public static final class UnreadableCsv extends RuntimeException {
        private final String pointer;

        UnreadableCsv(String pointer, String message) {
            super(message);
            this.pointer = pointer;
        }

        /** Where: {@code /line/1/column/name} style, or empty for the whole file. */
        public String pointer() {
            return pointer;
        }
    }

    /** Too many rows for one upload. */
    public static final class TooManyRows extends RuntimeException {
        TooManyRows(int line, int max) {
            super("the file holds more than " + max + " data rows (reading stopped at line " + line
                    + "); one upload takes at most " + max);
        }
    }

    /** The events of a CSV file, one per data row, each with its line number. */
    public static List<EventIntake.Submitted> read(
            byte[] body, Charset charset, String type, String defaultSource, JsonNode dataSchema, int maxRows) {
        String text = decode(body, charset);
        List<Row> rows = parse(text, maxRows);
        if (rows.isEmpty()) {
            throw new UnreadableCsv("", "the file is empty; a header row is expected");
        }
        List<String> header = rows.get(0).cells().stream().map(String::strip).toList();
        checkHeader(header, dataSchema, defaultSource);
        List<EventIntake.Submitted> events = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            if (row.cells().size() == 1 && row.cells().get(0).isBlank()) {
                continue;
            }
            if (row.cells().size() != header.size()) {
                events.add(new EventIntake.Submitted(
                        null,
                        row.line(),
                        List.of(new Violation(
                                "",
                                "csv",
                                "line " + row.line() + " has " + row.cells().size() + " cells; the header has "
                                        + header.size()))));
                continue;
            }
            events.add(new EventIntake.Submitted(
                    event(header, row, type, defaultSource, dataSchema), row.line(), List.of()));
        }
        return events;
    }

    private static ObjectNode event(
            List<String> header, Row row, String type, String defaultSource, JsonNode dataSchema) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode data = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("type", type);
        event.put("datacontenttype", "application/json");
        if (defaultSource != null) {
            event.put("source", defaultSource);
        }
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String cell = row.cells().get(i).strip();
            if (ENVELOPE.contains(column)) {
                if (!cell.isEmpty()) {
                    event.put(column, cell);
                }
                continue;
            }
            String[] path = column.split("\\.", 2);
            ObjectNode target = path.length == 2
                    ? (data.has(path[0]) ? (ObjectNode) data.get(path[0]) : data.putObject(path[0]))
                    : data;
            JsonNode property = path.length == 2
                    ? dataSchema
                            .path("properties")
                            .path(path[0])
                            .path("properties")
                            .path(path[1])
                    : dataSchema.path("properties").path(column);
            put(target, path[path.length - 1], cell, property);
        }
        if (!event.has("id")) {
            event.put(
                    "id",
                    "csv-"
                            + sha256(type + "\u0000" + String.join("\u0000", row.cells()))
                                    .substring(0, 32));
        }
        if (data.hasNonNull("uscc")) {
            event.put("subject", data.get("uscc").asString());
        }
        event.set("data", data);
        return event;
    }

    private static void put(ObjectNode target, String field, String cell, JsonNode property) {
        if (cell.isEmpty()) {
            if (allows(property, "null")) {
                target.putNull(field);
            }
            return;
        }
        if (allows(property, "integer")) {
            try {
                target.put(field, Long.parseLong(cell));
                return;
            } catch (NumberFormatException e) {
                // left as text: the contract names the field and the rule
            }
        }
        target.put(field, cell);
    }

    private static boolean allows(JsonNode property, String type) {
        JsonNode types = property.path("type");
        if (types.isArray()) {
            for (JsonNode t : types) {
                if (t.asString().equals(type)) {
                    return true;
                }
            }
            return false;
        }
        return types.isString() && types.asString().equals(type);
    }

    private static void checkHeader(List<String> header, JsonNode dataSchema, String defaultSource) {
        Set<String> known = new LinkedHashSet<>(ENVELOPE);
        dataSchema.path("properties").properties().forEach(property -> {
            if (property.getValue().path("type").asString("").equals("object")) {
                property.getValue()
                        .path("properties")
                        .properties()
                        .forEach(nested -> known.add(property.getKey() + "." + nested.getKey()));
            } else {
                known.add(property.getKey());
            }
        });
        Set<String> seen = new LinkedHashSet<>();
        for (String column : header) {
            if (!known.contains(column)) {
                throw new UnreadableCsv(
                        "/line/1/" + column,
                        "line 1: unknown column '" + column + "'; the columns of this type are " + known);
            }
            if (!seen.add(column)) {
                throw new UnreadableCsv("/line/1/" + column, "line 1: column '" + column + "' appears twice");
            }
        }
        if (!seen.contains("time")) {
            throw new UnreadableCsv(
                    "/line/1", "line 1: a 'time' column (RFC 3339, when the fact happened) is required");
        }
        if (!seen.contains("source") && defaultSource == null) {
            throw new UnreadableCsv("/line/1", "line 1: give a 'source' column or the source parameter");
        }
    }

    private static String decode(byte[] body, Charset charset) {
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UnreadableCsv(
                    "", "the file is not valid " + charset.name() + " text; send UTF-8, or say charset=GBK");
        }
    }

    private record Row(int line, List<String> cells) {}

    /**
     * RFC 4180 records, each with the line it starts on: the header and at most {@code maxRows} data rows. Rows are
     * counted as they are read; the first one past the limit ends the reading with {@link TooManyRows}.
     */
    private static List<Row> parse(String text, int maxRows) {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int start = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cell.setLength(0);
                add(rows, new Row(start, List.copyOf(cells)), maxRows);
                cells.clear();
                line++;
                start = line;
            } else {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || !cells.isEmpty()) {
            cells.add(cell.toString());
            add(rows, new Row(start, List.copyOf(cells)), maxRows);
        }
        return rows;
    }

    private static void add(List<Row> rows, Row row, int maxRows) {
        if (rows.size() > maxRows) {
            throw new TooManyRows(row.line(), maxRows);
        }
        rows.add(row);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
