package dev.basalt.server.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.auth.Scram;
import dev.basalt.common.net.RpcClient;
import dev.basalt.jdbc.wire.AuthenticateRequest;
import dev.basalt.jdbc.wire.ClientMethods;
import dev.basalt.jdbc.wire.ConnectRequest;
import dev.basalt.jdbc.wire.ConnectResponse;
import dev.basalt.jdbc.wire.ExecuteRequest;
import dev.basalt.server.internal.LocalCluster;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Password authentication against a real three-node cluster: a cluster without users accepts any
 * connection and its first user must be a superuser (the first test, which makes the superuser
 * {@code admin} that the others use); afterwards only a right password opens a session, on any
 * node; CREATE, ALTER and DROP USER with their errors.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthenticationTest {
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-pw";
    private static final long CALL_MS = 30_000;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SqlClusters.start("auth", 3);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Connection connect(int nodeId, String user, String password) throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(SqlClusters.url(cluster, nodeId), p);
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static SQLException refusedLogin(int nodeId, String user, String password) {
        return assertThrows(SQLException.class, () -> connect(nodeId, user, password).close(),
                "user " + user + " must not log in with password " + password);
    }

    private static SQLException failsAs(Connection c, String sql, String sqlState) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }, sql);
        assertEquals(sqlState, e.getSQLState(), sql + ": " + e.getMessage());
        return e;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    @Order(1)
    void aClusterWithoutUsersAcceptsAnyConnectionAndItsFirstUserMustBeASuperuser() throws Exception {
        try (Connection anonymous = connect(1, null, null)) {
            assertEquals("basalt", one(anonymous, "SELECT CURRENT_USER"));
            try (Connection named = connect(2, "Whoever", "any password")) {
                assertEquals("whoever", one(named, "SELECT SESSION_USER"));
            }
            SQLException notSuper = failsAs(anonymous, "CREATE USER first PASSWORD 'pw'", "55000");
            assertTrue(notSuper.getMessage().contains("superuser"), notSuper.getMessage());
            run(anonymous, "CREATE USER " + ADMIN + " WITH SUPERUSER PASSWORD '" + ADMIN_PASSWORD + "'");
            // The session opened before the first user existed is not authenticated: it manages no users now.
            failsAs(anonymous, "CREATE USER second SUPERUSER PASSWORD 'pw'", "42501");
        }
    }

    @Test
    @Order(2)
    void theRightPasswordConnectsAndTheSessionIsTheUsers() throws Exception {
        try (Connection c = connect(1, ADMIN, ADMIN_PASSWORD)) {
            assertEquals(ADMIN, one(c, "SELECT CURRENT_USER"));
            assertEquals(ADMIN, one(c, "SELECT USER"));
        }
        try (Connection c = connect(1, "ADMIN", ADMIN_PASSWORD)) {
            assertEquals(ADMIN, one(c, "SELECT SESSION_USER"), "user names are case-insensitive");
        }
    }

    @Test
    @Order(2)
    void aWrongPasswordIs28P01() {
        SQLException e = refusedLogin(1, ADMIN, "wrong");
        assertEquals("28P01", e.getSQLState());
        assertTrue(e instanceof SQLInvalidAuthorizationSpecException, e.getClass().getName());
        assertTrue(e.getMessage().contains("password authentication failed for user \"admin\""), e.getMessage());
        assertEquals("28P01", refusedLogin(2, ADMIN, null).getSQLState());
    }

    @Test
    @Order(2)
    void aWrongProofOpensNoSessionOnTheConnection() throws Exception {
        try (RpcClient rpc = new RpcClient("auth-test")) {
            String clientNonce = Scram.newNonce(new SecureRandom());
            byte[] first = rpc.call(cluster.address(1), ClientMethods.CONNECT,
                    new ConnectRequest(ADMIN, "", Map.of(), clientNonce).encode(), CALL_MS).get(CALL_MS, TimeUnit.MILLISECONDS);
            ConnectResponse.Challenge challenge = (ConnectResponse.Challenge) ConnectResponse.decode(first);
            assertTrue(challenge.nonce().startsWith(clientNonce));
            byte[] wrongProof = Scram.clientProof("wrong", challenge.salt(), challenge.iterations(),
                    Scram.authMessage(ADMIN, clientNonce, challenge.nonce(), challenge.salt(), challenge.iterations()));
            assertEquals(ErrorCode.INVALID_PASSWORD, failure(rpc, ClientMethods.AUTHENTICATE, new AuthenticateRequest(wrongProof).encode()));
            assertEquals(ErrorCode.CONNECTION_DOES_NOT_EXIST,
                    failure(rpc, ClientMethods.EXECUTE, new ExecuteRequest("SELECT 1", List.of(), 0, 0).encode()));
            // A second AUTHENTICATE (a guess without a new challenge) is refused as well.
            assertEquals(ErrorCode.INVALID_AUTHORIZATION, failure(rpc, ClientMethods.AUTHENTICATE, new AuthenticateRequest(wrongProof).encode()));
        }
    }

    private static ErrorCode failure(RpcClient rpc, int method, byte[] payload) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> rpc.call(cluster.address(1), method, payload, CALL_MS).get(CALL_MS, TimeUnit.MILLISECONDS));
        assertTrue(e.getCause() instanceof BasaltException, String.valueOf(e.getCause()));
        return ((BasaltException) e.getCause()).code();
    }

    @Test
    @Order(2)
    void anUnknownUserIs28P01() {
        SQLException e = refusedLogin(2, "nobody", "pw");
        assertEquals("28P01", e.getSQLState());
        assertTrue(e.getMessage().contains("password authentication failed for user \"nobody\""), e.getMessage());
    }

    @Test
    @Order(2)
    void noUserIs28P01WhenTheClusterHasUsers() {
        SQLException e = refusedLogin(3, null, null);
        assertEquals("28P01", e.getSQLState());
        assertTrue(e.getMessage().contains("no user name"), e.getMessage());
    }

    @Test
    @Order(3)
    void createAlterAndDropUserWithTheirErrors() throws Exception {
        try (Connection admin = connect(1, ADMIN, ADMIN_PASSWORD)) {
            run(admin, "CREATE USER app PASSWORD 'app-pw'");
            assertTrue(failsAs(admin, "CREATE USER APP WITH PASSWORD 'x'", "42710").getMessage().contains("\"app\""));
            try (Connection app = connect(1, "app", "app-pw")) {
                assertEquals("app", one(app, "SELECT CURRENT_USER"));
                assertTrue(failsAs(app, "CREATE USER other PASSWORD 'x'", "42501").getMessage().contains("not a superuser"));
                failsAs(app, "DROP USER " + ADMIN, "42501");
                failsAs(app, "ALTER USER app SUPERUSER", "42501");
                run(app, "ALTER USER app WITH PASSWORD 'app-pw-2'"); // its own password: allowed
            }
            assertEquals("28P01", refusedLogin(1, "app", "app-pw").getSQLState());
            run(admin, "ALTER USER app PASSWORD 'app-pw-3'");
            assertEquals("28P01", refusedLogin(1, "app", "app-pw-2").getSQLState());
            try (Connection app = connect(1, "app", "app-pw-3")) {
                assertEquals("app", one(app, "SELECT CURRENT_USER"));
            }
            assertTrue(failsAs(admin, "ALTER USER ghost PASSWORD 'x'", "42704").getMessage().contains("\"ghost\""));
            assertTrue(failsAs(admin, "DROP USER ghost", "42704").getMessage().contains("\"ghost\""));
            run(admin, "DROP USER IF EXISTS ghost");
            assertTrue(failsAs(admin, "DROP USER " + ADMIN, "55006").getMessage().contains("cannot be dropped"));
            assertTrue(failsAs(admin, "ALTER USER " + ADMIN + " NOSUPERUSER", "55006").getMessage().contains("last superuser"));
            failsAs(admin, "ALTER USER app PASSWORD ''", "22023");
            failsAs(admin, "CREATE USER bad PASSWORD 'a' PASSWORD 'b'", "42601");
            run(admin, "DROP USER app");
            assertEquals("28P01", refusedLogin(1, "app", "app-pw-3").getSQLState());
        }
    }

    @Test
    @Order(3)
    void aUserCreatedOnOneNodeLogsInOnTheOthers() throws Exception {
        try (Connection admin = connect(1, ADMIN, ADMIN_PASSWORD)) {
            run(admin, "CREATE USER roamer PASSWORD 'roam'");
        }
        for (int node = 2; node <= 3; node++) {
            try (Connection c = connect(node, "roamer", "roam")) {
                assertEquals("roamer", one(c, "SELECT CURRENT_USER"), "on node " + node);
            }
        }
        try (Connection admin = connect(2, ADMIN, ADMIN_PASSWORD)) {
            run(admin, "DROP USER roamer");
        }
        assertEquals("28P01", refusedLogin(3, "roamer", "roam").getSQLState());
    }
}
