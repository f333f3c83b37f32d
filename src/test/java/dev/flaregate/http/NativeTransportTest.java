package dev.flaregate.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * On Linux (x86-64 and ARM64, the two builds of epoll the pom brings) the gateway serves and calls Workers AI over
 * Netty's epoll transport, not Java's NIO selector.
 */
@QuarkusTest
class NativeTransportTest {

    @Inject
    Vertx vertx;

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void linuxUsesEpoll() {
        assertTrue(vertx.isNativeTransportEnabled(), "epoll unavailable: " + vertx.unavailableNativeTransportCause());
    }
}
