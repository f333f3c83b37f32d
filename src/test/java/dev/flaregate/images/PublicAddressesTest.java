package dev.flaregate.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PublicAddressesTest {

    @ParameterizedTest(name = "{0}: public={1}")
    @CsvSource({
            "93.184.215.14, true",
            "2606:2800:21f:cb07:6820:80da:af6b:8b2c, true",
            "127.0.0.1, false",
            "127.8.9.10, false",
            "::1, false",
            "0.0.0.0, false",
            "::, false",
            "10.1.2.3, false",
            "172.16.0.1, false",
            "172.31.255.255, false",
            "192.168.1.1, false",
            "169.254.169.254, false",
            "100.64.0.1, false",
            "100.127.255.255, false",
            "192.0.0.170, false",
            "198.18.0.1, false",
            "224.0.0.1, false",
            "255.255.255.255, false",
            "fd00::1, false",
            "fe80::1, false",
            "fec0::1, false",
            "ff02::1, false",
            "::ffff:10.0.0.1, false",
            "::ffff:169.254.169.254, false",
            "::127.0.0.1, false",
            "64:ff9b::a9fe:a9fe, false",
            "2002:c0a8:0101::1, false",
            "64:ff9b::5db8:d70e, true",
            "172.32.0.1, true",
            "100.128.0.1, true"})
    void onlyThePublicInternetIsReachable(String address, boolean expected) throws Exception {
        assertEquals(expected, PublicAddresses.isPublic(InetAddress.getByName(address), false));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "::1, true", "::ffff:127.0.0.1, true", "10.0.0.1, false", "169.254.169.254, false"})
    void theTestAllowanceOpensLoopbackOnly(String address, boolean expected) throws Exception {
        assertEquals(expected, PublicAddresses.isPublic(InetAddress.getByName(address), true));
    }
}
