package io.mianshen.notification.delivery;

import io.mianshen.notification.config.NoticeSettings;
import io.mianshen.notification.contacts.Contact;
import io.mianshen.notification.contacts.ContactDirectory;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends a notice by e-mail (SMTP), Chinese first, then English, to the enterprise's address on file now, or to the
 * address an objector gave for a ruling on their objection.
 */
@Component
class EmailChannel {

    private final JavaMailSender mail;
    private final ContactDirectory contacts;
    private final NoticeSettings settings;

    EmailChannel(JavaMailSender mail, ContactDirectory contacts, NoticeSettings settings) {
        this.mail = mail;
        this.contacts = contacts;
        this.settings = settings;
    }

    void send(PendingNotice notice) throws DeliveryFailed {
        String to = notice.address() != null
                ? notice.address()
                : contacts.contactOf(notice.uscc())
                        .map(Contact::email)
                        .orElseThrow(() -> new DeliveryFailed("no e-mail address on file for " + notice.uscc()));
        try {
            MimeMessage message = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(settings.emailFrom());
            helper.setTo(to);
            helper.setSubject(notice.titleZh() + " / " + notice.titleEn());
            helper.setText(
                    notice.titleZh() + "\n\n" + notice.bodyZh() + "\n\n----------------------------------------\n\n"
                            + notice.titleEn() + "\n\n" + notice.bodyEn() + "\n");
            message.setHeader("X-Mianshen-Notice-Id", notice.noticeId().toString());
            mail.send(message);
        } catch (MessagingException | MailException e) {
            throw new DeliveryFailed("SMTP: " + e.getMessage(), e);
        }
    }
}
