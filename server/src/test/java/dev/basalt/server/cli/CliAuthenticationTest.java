package dev.basalt.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.basalt.server.internal.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code basalt init --password} on a real three-node cluster makes the superuser {@code basalt};
 * then {@code sql} and {@code bank} work with {@code --user/--password} (or the URL's) and are
 * refused without.
 */
@Timeout(600)
class CliAuthenticationTest {
    private static final String PASSWORD = "it's a s3cret";
    private static LocalCluster cluster;
    private static String initOutput;

    @BeforeAll
    static void startAndInit() throws Exception {
        cluster = new LocalCluster(Files.createTempDirectory("basalt-cli-auth"), BasaltMain.class.getName(),
                List.of("-Xmx512m", "-XX:+UseSerialGC"), List.of(), true);
        for (int id = 1; id <= 3; id++) {
            cluster.start(id);
        }
        cluster.awaitLive(LocalCluster.STARTUP_WAIT_MS);
        Run init = run("init", "--host", host(), "--ranges", "2", "--password", PASSWORD);
        assertEquals(0, init.status, init.text);
        initOutput = init.text;
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String host() {
        return cluster.address(1).toString();
    }

    private record Run(int status, String text) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = new Cli(out, out).run(args);
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void initWithAPasswordCreatesTheSuperuserBasaltAndDoesNotPrintThePassword() {
        assertTrue(initOutput.contains("created the superuser 'basalt'"), initOutput);
        assertTrue(!initOutput.contains(PASSWORD), initOutput);
    }

    @Test
    void sqlLogsInWithUserAndPasswordOptionsOrTheUrl() {
        Run withOptions = run("sql", "--host", host(), "--user", "basalt", "--password", PASSWORD, "-e", "SELECT CURRENT_USER");
        assertEquals(0, withOptions.status, withOptions.text);
        assertTrue(withOptions.text.contains("basalt"), withOptions.text);
        String url = Credentials.apply("jdbc:basalt://" + host() + "/", "basalt", PASSWORD);
        Run withUrl = run("sql", "--url", url, "-e", "SELECT SESSION_USER");
        assertEquals(0, withUrl.status, withUrl.text);
    }

    @Test
    void sqlWithoutCredentialsIsRefusedWith28P01() {
        Run refused = run("sql", "--host", host(), "-e", "SELECT 1");
        assertEquals(1, refused.status, refused.text);
        assertTrue(refused.text.contains("28P01"), refused.text);
        Run wrong = run("sql", "--host", host(), "--user", "basalt", "--password", "nope", "-e", "SELECT 1");
        assertEquals(1, wrong.status, wrong.text);
        assertTrue(wrong.text.contains("28P01"), wrong.text);
    }

    @Test
    void bankRunsAsTheSuperuser() {
        Run bank = run("bank", "--host", host(), "--user", "basalt", "--password", PASSWORD, "--accounts", "10", "--clients", "2",
                "--seconds", "2", "--seed", "7");
        assertEquals(0, bank.status, bank.text);
        assertTrue(bank.text.contains("OK"), bank.text);
    }

    @Test
    void credentialsInTheUrlWinAndValuesAreEncoded() {
        assertEquals("jdbc:basalt://h:1/?user=u&password=a%20b%26c", Credentials.apply("jdbc:basalt://h:1/", "u", "a b&c"));
        assertEquals("jdbc:basalt://h:1/?user=x&password=p", Credentials.apply("jdbc:basalt://h:1/?user=x", "u", "p"));
        assertEquals("jdbc:basalt://h:1/", Credentials.apply("jdbc:basalt://h:1/", null, null));
        String generated = Credentials.generatePassword(new java.security.SecureRandom());
        assertEquals(Credentials.GENERATED_PASSWORD_CHARS, generated.length());
        assertTrue(generated.chars().allMatch(Character::isLetterOrDigit), generated);
    }
}
