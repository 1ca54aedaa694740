package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.common.auth.Scram;
import dev.basalt.common.auth.ScramVerifier;
import dev.basalt.sql.auth.SessionUser;
import dev.basalt.sql.auth.User;
import dev.basalt.sql.auth.UserDirectory;
import dev.basalt.sql.auth.Users;
import dev.basalt.sql.parser.SqlAlterUser;
import dev.basalt.sql.parser.SqlCreateUser;
import dev.basalt.sql.parser.SqlDropUser;
import java.security.SecureRandom;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * CREATE USER, ALTER USER and DROP USER: each computes the next set of users from the newest stored
 * one ({@link UserDirectory#change}). The rules, with PostgreSQL's SQLStates:
 * <ul>
 *   <li>Only a superuser creates, alters or drops users (42501); any user may change its own
 *       password. On a cluster without users every session may (that is how the first user is
 *       made), and <b>the first user must be a superuser</b> (55000), or nobody could manage users
 *       afterwards.</li>
 *   <li>A user that exists cannot be created (42710); one that does not cannot be altered or
 *       dropped (42704, unless DROP USER IF EXISTS).</li>
 *   <li>A session cannot drop its own user, and nobody can drop the last superuser or take its
 *       flag away (55006, object in use).</li>
 * </ul>
 * A password becomes a SCRAM-SHA-256 verifier here, before anything is stored.
 */
public final class UserStatements {
    /** A password is at most this long (characters). */
    public static final int PASSWORD_CHARS_MAX = 1_024;

    private UserStatements() {
    }

    public static boolean isUserStatement(SqlNode node) {
        return node instanceof SqlCreateUser || node instanceof SqlAlterUser || node instanceof SqlDropUser;
    }

    public static void run(SqlNode node, SessionUser me, UserDirectory directory, SecureRandom random) {
        if (node instanceof SqlCreateUser create) {
            create(create, me, directory, random);
        } else if (node instanceof SqlAlterUser alter) {
            alter(alter, me, directory, random);
        } else if (node instanceof SqlDropUser drop) {
            drop(drop, me, directory);
        } else {
            throw new IllegalArgumentException("not a user statement: " + node.getKind());
        }
    }

    private static void create(SqlCreateUser create, SessionUser me, UserDirectory directory, SecureRandom random) {
        String name = name(create.getName());
        boolean superuser = Boolean.TRUE.equals(create.getSuperuser());
        ScramVerifier verifier = verifier(create.getPassword(), name, random);
        directory.change(users -> {
            requireSuperuser(users, me, "create users");
            if (users.find(name) != null) {
                throw new BasaltException(ErrorCode.DUPLICATE_OBJECT, "role \"" + name + "\" already exists");
            }
            if (users.isEmpty() && !superuser) {
                throw new BasaltException(ErrorCode.INVALID_STATE, "the cluster has no users yet, so its first user must be a "
                        + "superuser (CREATE USER " + name + " WITH SUPERUSER PASSWORD '...'); otherwise nobody could manage users");
            }
            return users.with(new User(name, superuser, verifier));
        });
    }

    private static void alter(SqlAlterUser alter, SessionUser me, UserDirectory directory, SecureRandom random) {
        String name = name(alter.getName());
        ScramVerifier verifier = alter.getPassword() == null ? null : verifier(alter.getPassword(), name, random);
        Boolean superuser = alter.getSuperuser();
        directory.change(users -> {
            boolean ownPasswordOnly = me.authenticated() && me.name().equals(name) && superuser == null;
            if (!ownPasswordOnly) {
                requireSuperuser(users, me, "alter other users or the superuser flag");
            }
            User old = users.find(name);
            if (old == null) {
                throw undefined(name);
            }
            if (Boolean.FALSE.equals(superuser) && old.superuser() && users.superuserCount() == 1) {
                throw new BasaltException(ErrorCode.OBJECT_IN_USE, "user \"" + name + "\" is the last superuser and must stay one");
            }
            return users.with(new User(name, superuser != null ? superuser : old.superuser(),
                    verifier != null ? verifier : old.verifier()));
        });
    }

    private static void drop(SqlDropUser drop, SessionUser me, UserDirectory directory) {
        String name = name(drop.getName());
        directory.change(users -> {
            requireSuperuser(users, me, "drop users");
            User old = users.find(name);
            if (old == null) {
                if (drop.isIfExists()) {
                    return users;
                }
                throw undefined(name);
            }
            if (me.authenticated() && me.name().equals(name)) {
                throw new BasaltException(ErrorCode.OBJECT_IN_USE, "current user \"" + name + "\" cannot be dropped");
            }
            if (old.superuser() && users.superuserCount() == 1) {
                throw new BasaltException(ErrorCode.OBJECT_IN_USE, "user \"" + name + "\" is the last superuser and cannot be dropped");
            }
            return users.without(name);
        });
    }

    /**
     * Fails with 42501 unless the session may manage users: its user is a superuser now, or the
     * cluster has no users and the session is anonymous.
     */
    private static void requireSuperuser(Users users, SessionUser me, String what) {
        if (!me.authenticated()) {
            if (users.isEmpty()) {
                return;
            }
            throw new BasaltException(ErrorCode.INSUFFICIENT_PRIVILEGE, "permission denied to " + what + ": this session opened "
                    + "before the cluster had users and is not authenticated; connect again with a user and password");
        }
        User self = users.find(me.name());
        if (self == null || !self.superuser()) {
            throw new BasaltException(ErrorCode.INSUFFICIENT_PRIVILEGE, "permission denied to " + what + ": user \"" + me.name()
                    + "\" is not a superuser");
        }
    }

    private static String name(SqlIdentifier identifier) {
        return Users.checkName(identifier.getSimple());
    }

    private static ScramVerifier verifier(String password, String user, SecureRandom random) {
        if (password.isEmpty()) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "the password of user \"" + user + "\" must not be empty");
        }
        if (password.length() > PASSWORD_CHARS_MAX) {
            throw new BasaltException(ErrorCode.INVALID_REQUEST, "the password of user \"" + user + "\" is " + password.length()
                    + " characters long; at most " + PASSWORD_CHARS_MAX + " are allowed");
        }
        return Scram.newVerifier(password, random);
    }

    private static BasaltException undefined(String name) {
        return new BasaltException(ErrorCode.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
    }
}
