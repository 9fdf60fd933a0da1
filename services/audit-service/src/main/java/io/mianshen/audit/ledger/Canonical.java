package io.mianshen.audit.ledger;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Canonical JSON, so that the same event always hashes the same: object members sorted by name (UTF-16
 * code units, as RFC 8785), no whitespace, strings escaped as JSON does, numbers as written.
 */
public final class Canonical {

    private Canonical() {}

    public static String of(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    /** The text a ledger entry's hash covers: its sequence number and its event. */
    static String entry(long sequence, String canonicalEvent) {
        return "{\"event\":" + canonicalEvent + ",\"sequence\":" + sequence + "}";
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(member -> sorted.put(member.getKey(), member.getValue()));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> member : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(tools.jackson.databind.node.StringNode.valueOf(member.getKey()));
                out.append(':');
                write(member.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> elements = node.values().iterator();
            while (elements.hasNext()) {
                write(elements.next(), out);
                if (elements.hasNext()) {
                    out.append(',');
                }
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }
}
