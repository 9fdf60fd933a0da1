package io.mianshen.local.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mianshen.local.StackFailure;

/**
 * The SMTP server the notification service sends its e-mail notices to in the local stack: it accepts every
 * message and keeps it in memory, so e-mail delivery works without a real mail server.
 */
public final class MailCatcher implements AutoCloseable {

    private final GreenMail server;

    private MailCatcher(GreenMail server) {
        this.server = server;
    }

    public static MailCatcher start(int port) {
        try {
            GreenMail server = new GreenMail(new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP));
            server.start();
            return new MailCatcher(server);
        } catch (RuntimeException e) {
            throw new StackFailure("the local SMTP server did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** How many e-mails arrived since start. */
    public int received() {
        return server.getReceivedMessages().length;
    }

    @Override
    public void close() {
        server.stop();
    }
}
