package io.mianshen.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class StackPortsTest {

    @Test
    void aTakenPortIsNamedWithWhoNeedsItAndWhatToDo() throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), StackPorts.WEBHOOK_RECEIVER));

            assertThat(StackPorts.isFree(StackPorts.WEBHOOK_RECEIVER)).isFalse();
            assertThatThrownBy(StackPorts::requireFree)
                    .isInstanceOf(StackFailure.class)
                    .hasMessageContaining("port 8089 (local webhook receiver) is already in use")
                    .hasMessageContaining("Stop the program using them");
        }
        assertThat(StackPorts.isFree(StackPorts.WEBHOOK_RECEIVER)).isTrue();
    }
}
