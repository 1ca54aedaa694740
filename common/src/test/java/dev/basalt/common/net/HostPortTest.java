package dev.basalt.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void parsesHostAndPort() {
        HostPort address = HostPort.parse("127.0.0.1:7001");
        assertEquals(new HostPort("127.0.0.1", 7001), address);
        assertEquals("127.0.0.1:7001", address.toString());
    }

    @Test
    void parsesHostNameAndIgnoresSurroundingWhitespace() {
        assertEquals(new HostPort("db-1.example", 7001), HostPort.parse("  db-1.example:7001\t"));
    }

    @Test
    void portZeroMeansEphemeral() {
        assertEquals(0, HostPort.parse("127.0.0.1:0").port());
    }

    @Test
    void parsesBracketedIpv6AndPrintsItBack() {
        HostPort address = HostPort.parse("[::1]:7001");
        assertEquals(new HostPort("::1", 7001), address);
        assertEquals("[::1]:7001", address.toString());
        assertEquals(address, HostPort.parse(address.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "localhost", "localhost:", ":7001", "db1:http", "db1:-1", "db1:+7", "db1:70000",
            "db1:99999999999999", "::1:7001", "[::1]7001", "[::1", "db 1:7001", "http://db1:7001", "a,b:7001"})
    void rejectsMalformedAddressNamingTheText(String text) {
        BasaltException e = assertThrows(BasaltException.class, () -> HostPort.parse(text));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void outOfRangePortNamesThePort() {
        BasaltException e = assertThrows(BasaltException.class, () -> HostPort.parse("db1:70000"));
        assertEquals("address \"db1:70000\" is not host:port: port 70000 is outside [0, 65535]", e.getMessage());
    }

    @Test
    void rejectsMissingAddress() {
        BasaltException e = assertThrows(BasaltException.class, () -> HostPort.parse(null));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }

    @Test
    void constructorChecksPortRange() {
        BasaltException e = assertThrows(BasaltException.class, () -> new HostPort("db1", 65_536));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("65536"), e.getMessage());
    }

    @Test
    void parsesCommaSeparatedList() {
        assertEquals(List.of(new HostPort("10.0.0.1", 7001), new HostPort("10.0.0.2", 7002)),
                HostPort.parseList("10.0.0.1:7001, 10.0.0.2:7002"));
    }

    @Test
    void blankListIsEmpty() {
        assertEquals(List.of(), HostPort.parseList(""));
        assertEquals(List.of(), HostPort.parseList("  "));
        assertEquals(List.of(), HostPort.parseList(null));
    }

    @Test
    void listWithEmptyEntryIsRejected() {
        BasaltException e = assertThrows(BasaltException.class, () -> HostPort.parseList("a:1,,b:2"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("\"a:1,,b:2\""), e.getMessage());
    }

    @Test
    void listNamingAnAddressTwiceIsRejected() {
        BasaltException e = assertThrows(BasaltException.class, () -> HostPort.parseList("a:1,b:2,a:1"));
        assertEquals("address list \"a:1,b:2,a:1\" names a:1 twice", e.getMessage());
    }

    @Test
    void listWithBadEntryNamesThatEntry() {
        BasaltException e = assertThrows(BasaltException.class, () -> HostPort.parseList("a:1,b"));
        assertTrue(e.getMessage().contains("\"b\""), e.getMessage());
    }

    @Test
    void socketAddressCarriesHostAndPort() {
        InetSocketAddress socketAddress = HostPort.parse("127.0.0.1:7001").toSocketAddress();
        assertEquals("127.0.0.1", socketAddress.getAddress().getHostAddress());
        assertEquals(7001, socketAddress.getPort());
    }
}
