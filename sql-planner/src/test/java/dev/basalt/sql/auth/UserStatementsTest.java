package dev.basalt.sql.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.auth.Scram;
import dev.basalt.sql.internal.exec.UserStatements;
import dev.basalt.sql.parser.SqlParsers;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The rules of CREATE, ALTER and DROP USER over an in-memory store, and the stored form of users. */
class UserStatementsTest {
    private final UserDirectory users = new UserDirectory(UserStore.inMemory());
    private final SecureRandom random = new SecureRandom();
    private static final SessionUser ADMIN = new SessionUser("admin", true);
    private static final SessionUser APP = new SessionUser("app", true);

    private void run(SessionUser me, String sql) {
        UserStatements.run(SqlParsers.parse(sql), me, users, random);
    }

    private ErrorCode fails(SessionUser me, String sql) {
        return assertThrows(BasaltException.class, () -> run(me, sql), sql).code();
    }

    private void withAdminAndApp() {
        run(SessionUser.ANONYMOUS, "CREATE USER admin SUPERUSER PASSWORD 'a'");
        run(ADMIN, "CREATE USER app PASSWORD 'p'");
    }

    @Test
    void theFirstUserMustBeASuperuserAndAfterItAnonymousSessionsManageNothing() {
        assertEquals(ErrorCode.INVALID_STATE, fails(SessionUser.ANONYMOUS, "CREATE USER app PASSWORD 'p'"));
        assertTrue(users.current().isEmpty());
        run(SessionUser.ANONYMOUS, "CREATE USER Admin WITH SUPERUSER PASSWORD 'a'");
        User admin = users.current().find("ADMIN");
        assertEquals("admin", admin.name());
        assertTrue(admin.superuser());
        assertEquals(ErrorCode.INSUFFICIENT_PRIVILEGE, fails(SessionUser.ANONYMOUS, "CREATE USER other SUPERUSER PASSWORD 'o'"));
    }

    @Test
    void onlyASuperuserManagesUsersButAnyoneChangesTheirOwnPassword() {
        withAdminAndApp();
        assertEquals(ErrorCode.INSUFFICIENT_PRIVILEGE, fails(APP, "CREATE USER x PASSWORD 'x'"));
        assertEquals(ErrorCode.INSUFFICIENT_PRIVILEGE, fails(APP, "ALTER USER admin PASSWORD 'x'"));
        assertEquals(ErrorCode.INSUFFICIENT_PRIVILEGE, fails(APP, "ALTER USER app SUPERUSER"));
        assertEquals(ErrorCode.INSUFFICIENT_PRIVILEGE, fails(APP, "DROP USER admin"));
        var before = users.current().find("app").verifier();
        run(APP, "ALTER USER app PASSWORD 'p2'");
        assertNotEquals(before, users.current().find("app").verifier());
        assertFalse(users.current().find("app").superuser());
    }

    @Test
    void duplicateAndUndefinedUsersHavePostgresStates() {
        withAdminAndApp();
        BasaltException dup = assertThrows(BasaltException.class, () -> run(ADMIN, "CREATE USER APP PASSWORD 'x'"));
        assertEquals("42710", dup.sqlState());
        assertEquals("role \"app\" already exists", dup.getMessage());
        assertEquals("42704", assertThrows(BasaltException.class, () -> run(ADMIN, "DROP USER ghost")).sqlState());
        assertEquals("42704", assertThrows(BasaltException.class, () -> run(ADMIN, "ALTER USER ghost PASSWORD 'g'")).sqlState());
        long version = users.current().version();
        run(ADMIN, "DROP USER IF EXISTS ghost");
        assertEquals(version, users.current().version(), "nothing stored");
    }

    @Test
    void nobodyDropsThemselvesOrTheLastSuperuser() {
        withAdminAndApp();
        assertEquals("55006", assertThrows(BasaltException.class, () -> run(ADMIN, "DROP USER admin")).sqlState());
        assertEquals(ErrorCode.OBJECT_IN_USE, fails(ADMIN, "ALTER USER admin NOSUPERUSER"));
        run(ADMIN, "ALTER USER app SUPERUSER");
        run(APP, "ALTER USER admin NOSUPERUSER");
        assertFalse(users.current().find("admin").superuser());
        run(APP, "DROP USER admin");
        assertNull(users.current().find("admin"));
        assertEquals(ErrorCode.OBJECT_IN_USE, fails(APP, "DROP USER app"));
    }

    @Test
    void passwordsAreStoredAsVerifiersThatCheckTheirProofs() {
        withAdminAndApp();
        var verifier = users.current().find("app").verifier();
        String message = Scram.authMessage("app", "clientnonce-0123456", "clientnonce-0123456server", verifier.salt(), verifier.iterations());
        assertTrue(Scram.proofMatches(verifier, message, Scram.clientProof("p", verifier.salt(), verifier.iterations(), message)));
        assertFalse(Scram.proofMatches(verifier, message, Scram.clientProof("q", verifier.salt(), verifier.iterations(), message)));
        assertEquals(ErrorCode.INVALID_REQUEST, fails(ADMIN, "ALTER USER app PASSWORD ''"));
        assertEquals(ErrorCode.INVALID_REQUEST, fails(ADMIN, "ALTER USER app PASSWORD '" + "x".repeat(UserStatements.PASSWORD_CHARS_MAX + 1) + "'"));
    }

    @Test
    void usersRoundTripThroughTheirStoredFormAndATruncatedOneIsRefused() {
        withAdminAndApp();
        Users current = users.current();
        byte[] stored = UserCodec.encode(current);
        assertEquals(current, UserCodec.decode(stored));
        for (int cut = 0; cut < stored.length; cut += 7) {
            byte[] truncated = java.util.Arrays.copyOf(stored, cut);
            assertThrows(BasaltException.class, () -> UserCodec.decode(truncated));
        }
        assertEquals(2, current.version());
    }
}
