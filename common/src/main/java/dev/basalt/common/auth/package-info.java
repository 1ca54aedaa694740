/**
 * Password authentication by SCRAM-SHA-256 (RFC 5802, RFC 7677): the arithmetic both ends share.
 * The JDBC driver computes the client's proof with it, the node checks the proof and signs its
 * answer with it, and the user catalog stores what it produces. Only the JDK's {@code javax.crypto}
 * and {@code java.security} are used.
 *
 * <h2>What is stored, what travels</h2>
 *
 * <pre>
 *   stored per user ({@link dev.basalt.common.auth.ScramVerifier}):
 *     salt (16 random bytes), iterations i (4096 by default),
 *     StoredKey = SHA-256(HMAC(SaltedPassword, "Client Key")),
 *     ServerKey = HMAC(SaltedPassword, "Server Key"),
 *     where SaltedPassword = PBKDF2-HMAC-SHA-256(UTF-8(password), salt, i)
 *
 *   client                                             node
 *     | -- user, client nonce ---------------------------&gt; |  looks the user up
 *     | &lt;-------------- salt, i, client nonce + node nonce |
 *     | -- ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage) -&gt; |
 *     |                                                    |  SHA-256(proof XOR HMAC(StoredKey, AuthMessage)) == StoredKey?
 *     | &lt;------------ ServerSignature = HMAC(ServerKey, AuthMessage) |
 *     |  checks the signature: the node knew the verifier  |
 * </pre>
 *
 * <b>The password never leaves the client and is never stored: the node keeps only StoredKey and
 * ServerKey, from which no password and no proof can be computed without a dictionary attack on
 * PBKDF2.</b> A recorded exchange cannot be replayed, because the node's nonce differs each time.
 *
 * <p>The messages of RFC 5802 are text; Basalt's wire carries their fields as binary records
 * ({@code dev.basalt.jdbc.wire}) and both ends rebuild the same text from them
 * ({@link dev.basalt.common.auth.Scram#authMessage}): {@code n=user,r=cnonce},
 * {@code r=nonce,s=salt,i=iterations} and {@code c=biws,r=nonce} joined by commas, exactly the
 * AuthMessage of RFC 5802 for a client without channel binding. That is what lets the unit test
 * check the arithmetic against RFC 7677's own example.
 *
 * <p>Not done: SASLprep of the password (its UTF-8 bytes are used as they are, which is the same
 * for ASCII passwords) and channel binding (there is no TLS yet).
 */
package dev.basalt.common.auth;
