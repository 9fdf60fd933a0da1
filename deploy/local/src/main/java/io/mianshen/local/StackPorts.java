package io.mianshen.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fixed ports of the local stack (documented in the README) and the check that they are free. */
public final class StackPorts {

    public static final int GATEWAY = 8080;
    public static final int ELIGIBILITY = 8081;
    public static final int NOTIFICATION = 8082;
    public static final int AUDIT = 8083;
    public static final int INTAKE = 8084;
    public static final int CONSOLE = 8085;
    public static final int IDENTITY = 9000;
    public static final int KAFKA = 9092;
    public static final int KAFKA_CONTROLLER = 9093;
    public static final int POSTGRES = 5432;
    public static final int SMTP = 2525;
    public static final int WEBHOOK_RECEIVER = 8089;

    private StackPorts() {}

    /** Every port the stack listens on, with who uses it. */
    public static Map<Integer, String> all() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        ports.put(GATEWAY, "gateway");
        ports.put(ELIGIBILITY, "eligibility-service");
        ports.put(NOTIFICATION, "notification-service");
        ports.put(AUDIT, "audit-service");
        ports.put(INTAKE, "intake-service");
        ports.put(CONSOLE, "console (the web pages, behind the gateway at /console)");
        ports.put(IDENTITY, "identity-provider (local tokens)");
        ports.put(KAFKA, "Kafka broker");
        ports.put(KAFKA_CONTROLLER, "Kafka controller");
        ports.put(POSTGRES, "PostgreSQL");
        ports.put(SMTP, "local SMTP server (catches the e-mail notices)");
        ports.put(WEBHOOK_RECEIVER, "local webhook receiver");
        return ports;
    }

    /** Fails with one message naming every port that another program already uses. */
    public static void requireFree() {
        StringBuilder taken = new StringBuilder();
        all().forEach((port, user) -> {
            if (!isFree(port)) {
                taken.append(String.format("%n  port %d (%s) is already in use", port, user));
            }
        });
        if (!taken.isEmpty()) {
            throw new StackFailure("The local stack needs fixed ports, and some are taken:" + taken
                    + "\nStop the program using them (`ss -ltnp` or `lsof -i :PORT` shows which), or a stack that is"
                    + " still running (Ctrl-C in its terminal), then start again.");
        }
    }

    /** Whether nothing listens on the port, on any address. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress((InetAddress) null, port));
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket loopback = new ServerSocket()) {
            loopback.setReuseAddress(true);
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
