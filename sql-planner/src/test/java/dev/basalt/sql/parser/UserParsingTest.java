package dev.basalt.sql.parser;

import static dev.basalt.sql.parser.ParserAssertions.name;
import static dev.basalt.sql.parser.ParserAssertions.parse;
import static dev.basalt.sql.parser.ParserAssertions.syntaxError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** CREATE USER, ALTER USER, DROP USER; and the new words stay usable as names. */
class UserParsingTest {
    @Test
    void createUserWithOrWithoutWithAndOptionsInAnyOrder() {
        SqlCreateUser plain = parse("CREATE USER app PASSWORD 'it''s secret'", SqlCreateUser.class);
        assertEquals("APP", name(plain.getName()));
        assertEquals("it's secret", plain.getPassword());
        assertNull(plain.getSuperuser());

        SqlCreateUser with = parse("CREATE USER \"Admin\" WITH SUPERUSER PASSWORD 'pw'", SqlCreateUser.class);
        assertEquals("Admin", name(with.getName()));
        assertEquals(Boolean.TRUE, with.getSuperuser());
        assertEquals(Boolean.FALSE, parse("create user u with password 'x' nosuperuser", SqlCreateUser.class).getSuperuser());
    }

    @Test
    void createUserNeedsOnePasswordStringAndEachOptionOnce() {
        assertTrue(syntaxError("CREATE USER u").length() > 0);
        assertTrue(syntaxError("CREATE USER u SUPERUSER").contains("needs PASSWORD"));
        assertTrue(syntaxError("CREATE USER u PASSWORD 'a' PASSWORD 'b'").contains("PASSWORD is given twice"));
        assertTrue(syntaxError("CREATE USER u PASSWORD 'a' SUPERUSER NOSUPERUSER").contains("given twice"));
        assertTrue(syntaxError("CREATE USER u PASSWORD 12").length() > 0);
        assertTrue(syntaxError("CREATE USER u PASSWORD X'00'").contains("one character string"));
        assertTrue(syntaxError("CREATE OR REPLACE USER u PASSWORD 'a'").contains("not supported for users"));
    }

    @Test
    void alterUser() {
        SqlAlterUser password = parse("ALTER USER app WITH PASSWORD 'new'", SqlAlterUser.class);
        assertEquals("APP", name(password.getName()));
        assertEquals("new", password.getPassword());
        assertNull(password.getSuperuser());
        SqlAlterUser flag = parse("ALTER USER app NOSUPERUSER", SqlAlterUser.class);
        assertNull(flag.getPassword());
        assertEquals(Boolean.FALSE, flag.getSuperuser());
        syntaxError("ALTER USER app");
        syntaxError("ALTER USER app WITH");
    }

    @Test
    void dropUser() {
        SqlDropUser plain = parse("DROP USER app", SqlDropUser.class);
        assertEquals("APP", name(plain.getName()));
        assertFalse(plain.isIfExists());
        assertTrue(parse("DROP USER IF EXISTS app", SqlDropUser.class).isIfExists());
        syntaxError("DROP USER");
        syntaxError("DROP USER a, b");
    }

    @Test
    void passwordSuperuserAndNosuperuserRemainNames() {
        SqlSelect select = parse("SELECT password, superuser, nosuperuser FROM users", SqlSelect.class);
        assertEquals(3, select.getSelectList().size());
        assertEquals(List.of("PASSWORD"), List.of(name((org.apache.calcite.sql.SqlIdentifier) select.getSelectList().get(0))));
    }
}
