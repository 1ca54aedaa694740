package dev.basalt.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.net.HostPort;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectionUrlTest {
    @Test
    void parsesHostsDatabaseAndQuery() throws SQLException {
        ConnectionUrl url = ConnectionUrl.parse("jdbc:basalt://db1:7001,10.0.0.2:7002,[::1]:7003/shop?user=app&password=a%26b%3Dc+d&x");
        assertEquals(List.of(new HostPort("db1", 7001), new HostPort("10.0.0.2", 7002), new HostPort("::1", 7003)), url.hosts());
        assertEquals("shop", url.database());
        assertEquals("app", url.urlProperties().getProperty("user"));
        assertEquals("a&b=c+d", url.urlProperties().getProperty("password"), "percent-decoded, + kept");
        assertEquals("", url.urlProperties().getProperty("x"));
    }

    @Test
    void databaseIsOptional() throws SQLException {
        assertNull(ConnectionUrl.parse("jdbc:basalt://h:1").database());
        assertNull(ConnectionUrl.parse("jdbc:basalt://h:1/").database());
        assertNull(ConnectionUrl.parse("jdbc:basalt://h:1/?user=u").database());
        assertEquals("ü b", ConnectionUrl.parse("jdbc:basalt://h:1/%C3%BC%20b").database());
    }

    @Test
    void urlPropertiesWinOverGivenProperties() throws SQLException {
        Properties given = new Properties();
        given.setProperty("user", "fromProperties");
        given.setProperty("password", "secret");
        Properties merged = ConnectionUrl.parse("jdbc:basalt://h:1/db?user=fromUrl").merge(given);
        assertEquals("fromUrl", merged.getProperty("user"));
        assertEquals("secret", merged.getProperty("password"));
    }

    @Test
    void badUrlsAre08001WithTheReason() {
        String[][] cases = {
            {"jdbc:basalt://", "no host"},
            {"jdbc:basalt:///db", "no host"},
            {"jdbc:basalt://h/db", "port is missing"},
            {"jdbc:basalt://h:70000/db", "70000"},
            {"jdbc:basalt://h:0/db", "port 0"},
            {"jdbc:basalt://h:1,h:1/db", "twice"},
            {"jdbc:basalt://h:1,/db", "empty entry"},
            {"jdbc:basalt://h:1/a/b", "contains '/'"},
            {"jdbc:basalt://h:1/db?=v", "no name"},
            {"jdbc:basalt://h:1/db?password=%zz", "hex digits"},
            {"jdbc:postgresql://h:1/db", "does not start with"},
        };
        for (String[] c : cases) {
            SQLException e = assertThrows(SQLException.class, () -> ConnectionUrl.parse(c[0]), c[0]);
            assertEquals("08001", e.getSQLState(), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    @Test
    void errorsNeverQuoteTheQuery() {
        SQLException e = assertThrows(SQLException.class, () -> ConnectionUrl.parse("jdbc:basalt://h/db?password=hunter2"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void acceptsOnlyBasaltUrls() {
        assertTrue(ConnectionUrl.accepts("jdbc:basalt://h:1/db"));
        assertTrue(ConnectionUrl.accepts("jdbc:basalt:mem:test"));
        assertTrue(ConnectionUrl.accepts("jdbc:basalt:file:/tmp/db"));
        assertFalse(ConnectionUrl.accepts("jdbc:basalt:other"));
        assertFalse(ConnectionUrl.accepts("jdbc:postgresql://h/db"));
        assertFalse(ConnectionUrl.accepts(""));
        assertFalse(ConnectionUrl.accepts(null));
    }

    private static SslMode sslModeOf(String url) throws SQLException {
        return SslMode.of(ConnectionUrl.parse(url).merge(new Properties()));
    }

    @Test
    void sslModeIsDisableUnlessAskedFor() throws SQLException {
        assertEquals(SslMode.DISABLE, sslModeOf("jdbc:basalt://h:1/db"));
        assertEquals(SslMode.DISABLE, sslModeOf("jdbc:basalt://h:1/db?sslmode=disable"));
        assertEquals(SslMode.REQUIRE, sslModeOf("jdbc:basalt://h:1/db?sslmode=require"));
        assertEquals(SslMode.VERIFY_CA, sslModeOf("jdbc:basalt://h:1/db?sslmode=verify-ca"));
        assertEquals(SslMode.VERIFY_FULL, sslModeOf("jdbc:basalt://h:1/db?sslmode=Verify-Full"));
    }

    @Test
    void sslTrueMeansVerifyFullAndSslmodeWinsOverIt() throws SQLException {
        assertEquals(SslMode.VERIFY_FULL, sslModeOf("jdbc:basalt://h:1/db?ssl=true"));
        assertEquals(SslMode.VERIFY_FULL, sslModeOf("jdbc:basalt://h:1/db?ssl"));
        assertEquals(SslMode.DISABLE, sslModeOf("jdbc:basalt://h:1/db?ssl=false"));
        assertEquals(SslMode.REQUIRE, sslModeOf("jdbc:basalt://h:1/db?ssl=true&sslmode=require"));
        assertEquals(SslMode.DISABLE, sslModeOf("jdbc:basalt://h:1/db?sslmode=disable&ssl=true"));
    }

    @Test
    void sslPropertiesComeFromPropertiesTooAndTheUrlWins() throws SQLException {
        Properties given = new Properties();
        given.setProperty("sslmode", "verify-ca");
        assertEquals(SslMode.VERIFY_CA, SslMode.of(ConnectionUrl.parse("jdbc:basalt://h:1/db").merge(given)));
        assertEquals(SslMode.REQUIRE, SslMode.of(ConnectionUrl.parse("jdbc:basalt://h:1/db?sslmode=require").merge(given)));
    }

    @Test
    void badSslValuesAre08001NamingTheValue() {
        SQLException mode = assertThrows(SQLException.class, () -> sslModeOf("jdbc:basalt://h:1/db?sslmode=prefer"));
        assertEquals("08001", mode.getSQLState());
        assertEquals("connection property sslmode=prefer is not one of disable, require, verify-ca, verify-full"
                + " (allow and prefer are not supported)", mode.getMessage());
        SQLException ssl = assertThrows(SQLException.class, () -> sslModeOf("jdbc:basalt://h:1/db?ssl=yes"));
        assertEquals("08001", ssl.getSQLState());
        assertEquals("connection property ssl=yes is neither true nor false", ssl.getMessage());
    }

    @Test
    void aMissingRootCertificateFileIs08001NamingTheFile() throws SQLException {
        Properties p = ConnectionUrl.parse("jdbc:basalt://h:1/db?sslmode=verify-full&sslrootcert=/no/such/ca.pem").merge(null);
        SQLException e = assertThrows(SQLException.class, () -> SslMode.of(p).clientTls(p));
        assertEquals("08001", e.getSQLState());
        assertEquals("sslmode=verify-full: cannot read CA certificate file /no/such/ca.pem: no such file", e.getMessage());
    }

    @Test
    void disableMakesNoTlsAndRequireIgnoresTheRootCertificate() throws SQLException {
        Properties off = ConnectionUrl.parse("jdbc:basalt://h:1/db?sslrootcert=/no/such/ca.pem").merge(null);
        assertNull(SslMode.of(off).clientTls(off));
        Properties require = ConnectionUrl.parse("jdbc:basalt://h:1/db?sslmode=require&sslrootcert=/no/such/ca.pem").merge(null);
        assertEquals(dev.basalt.common.net.ClientTls.Verification.NONE, SslMode.of(require).clientTls(require).verification());
    }

    @Test
    void sslPropertiesAreTheDriversOwnAndNotSentToTheServer() {
        assertTrue(DriverProperty.isDriverProperty("sslmode"));
        assertTrue(DriverProperty.isDriverProperty("ssl"));
        assertTrue(DriverProperty.isDriverProperty("sslrootcert"));
    }
}
