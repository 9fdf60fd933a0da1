package io.mianshen.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class WebhookAddressTest {

    @Test
    void onlyPublicAddressesArePublic() throws Exception {
        for (String inside : new String[] {
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "198.18.0.1",
            "240.0.0.1"
        }) {
            assertThat(WebhookAddress.isPublic(InetAddress.getByName(inside)))
                    .as(inside)
                    .isFalse();
        }
        for (String outside :
                new String[] {"8.8.8.8", "1.1.1.1", "2400:3200::1", "::ffff:8.8.8.8", "100.128.0.1", "172.32.0.1"}) {
            assertThat(WebhookAddress.isPublic(InetAddress.getByName(outside)))
                    .as(outside)
                    .isTrue();
        }
    }

    @Test
    void httpsIsRequiredUnlessHttpIsAllowed() throws Exception {
        assertThatThrownBy(() -> WebhookAddress.parse("http://erp.example.cn/hooks", false))
                .hasMessageContaining("must be https");
        assertThatThrownBy(() -> WebhookAddress.parse("file:///etc/passwd", true))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> WebhookAddress.parse("gopher://erp.example.cn/", false))
                .isInstanceOf(WebhookAddress.Refused.class);
        assertThat(WebhookAddress.parse("http://erp.example.cn/hooks", true).uri())
                .isEqualTo(URI.create("http://erp.example.cn/hooks"));
    }

    @Test
    void aLiteralPrivateAddressIsRefusedWhateverTheScheme() throws Exception {
        assertThatThrownBy(() -> WebhookAddress.parse("https://169.254.169.254/latest/meta-data", false)
                        .requirePublic(false))
                .hasMessageContaining("not public");
        assertThatThrownBy(() ->
                        WebhookAddress.parse("https://[::1]:8080/x", false).requirePublic(false))
                .hasMessageContaining("not public");
    }

    @Test
    void credentialsAndQueryValuesAreRedacted() {
        assertThat(WebhookAddress.redact(URI.create("https://bob:pa55@erp.example.cn:8443/hooks/b?key=k1&sig=s2")))
                .isEqualTo("https://erp.example.cn:8443/hooks/b?key=***&sig=***");
        assertThat(WebhookAddress.redact(URI.create("https://erp.example.cn/hooks")))
                .isEqualTo("https://erp.example.cn/hooks");
    }
}
