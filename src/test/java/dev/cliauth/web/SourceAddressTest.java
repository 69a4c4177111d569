package dev.cliauth.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceAddressTest {

    @Test
    void ipv4ThenItself() {
        assertThat(SourceAddress.key("203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void ipv6ThenItsSlash64WhateverTheSpelling() {
        String key = "2001:db8:1:2::/64";
        assertThat(SourceAddress.key("2001:db8:1:2::1")).isEqualTo(key);
        assertThat(SourceAddress.key("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).isEqualTo(key);
        assertThat(SourceAddress.key("2001:db8:1:2:a:b:c:d")).isEqualTo(key);
        assertThat(SourceAddress.key("2001:db8:1:2::1%eth0")).isEqualTo(key);
        assertThat(SourceAddress.key("2001:db8:1:3::1")).as("the next /64").isEqualTo("2001:db8:1:3::/64");
        assertThat(SourceAddress.key("::1")).isEqualTo("0:0:0:0::/64");
        assertThat(SourceAddress.key("2001:db8::")).isEqualTo("2001:db8:0:0::/64");
    }

    @Test
    void ipv4MappedThenTheIpv4Address() {
        assertThat(SourceAddress.key("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(SourceAddress.key("::ffff:cb00:7107")).isEqualTo("203.0.113.7");
    }

    @Test
    void malformedThenKeptAsGivenAndBounded() {
        assertThat(SourceAddress.key("2001:db8::1::2")).isEqualTo("2001:db8::1::2");
        assertThat(SourceAddress.key("1:2:3:4:5:6:7:8:9")).isEqualTo("1:2:3:4:5:6:7:8:9");
        assertThat(SourceAddress.key("12345::")).isEqualTo("12345::");
        assertThat(SourceAddress.key("x".repeat(100))).hasSize(64);
        assertThat(SourceAddress.key("")).isEqualTo("unknown");
    }
}
